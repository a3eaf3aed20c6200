"""govaudit's command line and orchestration (the `govaudit` command, batch runs, ground-truth
comparison). It sits on top of the three stages and the ground package; nothing imports it.
"""
