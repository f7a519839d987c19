<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<!-- Labels of Qt's own dialogs that qtbase_zh_CN.qm leaves in English (the file dialog asks for "&Look in:"
     with its mnemonic; the print and page-setup dialogs' labels are missing). Compiled by
     `pyside6-lrelease resources/i18n/qt_extra_zh_CN.ts`; loaded by gui/qt_phrases.py after Qt's own. -->
<TS version="2.1" language="zh_CN">
<context>
    <name>QFileDialog</name>
    <message><source>&amp;Look in:</source><translation>查找范围(&amp;L)：</translation></message>
    <message><source>Files of &amp;type:</source><translation>文件类型(&amp;T)：</translation></message>
</context>
<context>
    <name>QPrintSettingsOutput</name>
    <message><source>Page &amp;Set:</source><translation>打印页面(&amp;S)：</translation></message>
</context>
<context>
    <name>QPageSetupWidget</name>
    <message><source>Page &amp;order:</source><translation>页面顺序(&amp;O)：</translation></message>
    <message><source>Pages &amp;per sheet:</source><translation>每张纸页数(&amp;P)：</translation></message>
</context>
</TS>
