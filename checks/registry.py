"""The rule registry: `@rule("family.name")` binds a pure function to its pack entry.

Every module in `checks/rules/` is imported by that package (nothing lists them); importing it
registers every function and then calls `verify()`, so a pack rule without a function (or a
function without a pack rule) stops the program at import instead of silently not checking.
"""

from __future__ import annotations

from functools import wraps
from typing import Callable, Iterator

from checks.facts import Facts
from checks.model import Context, Finding
from checks.pack import RULE_ID, Pack, PackError, load_pack

RuleFunc = Callable[[Facts, Context], Iterator[Finding]]

_RULES: dict[str, RuleFunc] = {}
# Per rule function: a check of its thresholds run when a pack is loaded, for thresholds that are
# more than a number (e.g. a site's own dictionary entries), so a malformed site pack is refused
# before the audit starts rather than failing inside the rule.
_VALIDATORS: dict[str, Callable[[object], None]] = {}


def rule(rule_id: str, validate: Callable[[object], None] | None = None
         ) -> Callable[[RuleFunc], RuleFunc]:
    """Register `func` as the implementation of pack rule `rule_id`; `validate(thresholds)`
    raises PackError when a pack gives the rule unusable thresholds.

    The rule id is written here only: the registered function fills it into every `Finding` it
    yields (no rule function emits another rule's id; the runner refuses one that does)."""
    if not RULE_ID.match(rule_id):
        raise PackError(f"规则编号 {rule_id!r} 不符合 family.name 格式")

    def register(func: RuleFunc) -> RuleFunc:
        @wraps(func)
        def with_rule_id(facts: Facts, ctx: Context) -> Iterator[Finding]:
            for f in func(facts, ctx):
                yield f if f.rule is not None else f.with_rule(rule_id)

        previous = _RULES.get(rule_id)
        if previous is not None and getattr(previous, "__wrapped__", None) is not func:
            raise PackError(f"规则 {rule_id} 重复注册（{previous.__module__}、{func.__module__}）")
        _RULES[rule_id] = with_rule_id
        if validate is not None:
            _VALIDATORS[rule_id] = validate
        with_rule_id.rule_id = rule_id  # type: ignore[attr-defined]
        return with_rule_id

    return register


def registered() -> dict[str, RuleFunc]:
    """All registered rule functions by id (imports the rule modules on first use)."""
    import checks.rules  # noqa: F401  (registers and verifies)

    return dict(_RULES)


def validate_thresholds(pack: Pack) -> None:
    """Run each rule function's threshold check on every pack rule that uses it."""
    registered()
    for rule_id, meta in pack.rules.items():
        check = _VALIDATORS.get(meta.function_id)
        if check is not None:
            try:
                check(meta.thresholds)
            except PackError as exc:
                raise PackError(f"规则 {rule_id}：{exc}") from exc


def verify(pack: Pack | None = None, *, complete: bool = True) -> None:
    """Check that pack and functions agree. With `complete`, every function must also have a
    pack entry (true for the built-in pack); a site pack may leave rules out to disable them."""
    pack = pack or load_pack()
    overlap = set(pack.rules) & set(pack.system)
    if overlap:
        raise PackError(f"规则 {sorted(overlap)} 同时出现在 rules 和 system 中")
    # A site pack's extra rule ids run an existing function (RuleMeta.function).
    no_func = sorted({m.function_id for m in pack.rules.values()} - set(_RULES))
    if no_func:
        raise PackError(f"规则包中的规则没有对应的检查函数：{', '.join(no_func)}")
    if complete:
        no_entry = sorted(set(_RULES) - set(pack.rules))
        if no_entry:
            raise PackError(f"检查函数没有对应的规则包条目：{', '.join(no_entry)}")
