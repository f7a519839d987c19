"""HonourDesk core: everything that is not drawing. Never imports Qt."""

__version__ = "0.1.0"
APP_NAME = "HonourDesk"
APP_TITLE_ZH = "单位荣誉档案与情况汇报"
