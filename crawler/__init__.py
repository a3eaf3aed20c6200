"""Scrapy crawler: walks a portal's 政府信息公开 columns and stores facts."""
