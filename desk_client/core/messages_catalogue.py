"""Messages of the catalogue part of issue 4 (zh_CN and en); merged into core.messages.MESSAGES.

``catalogue.loc_*`` name a place in an import file and ``catalogue.problem`` joins a place
and a reason (core.catalogue_rows.RowProblem.message); the other codes are the reasons and
the refusals of the catalogue service.
"""

from __future__ import annotations

MESSAGES: dict[str, dict[str, str]] = {
    # refusals of the service
    "catalogue.invalid": {
        "zh_CN": "事项目录文件有 {count} 处错误，未导入任何内容",
        "en": "The catalogue file has {count} problem(s); nothing was imported",
    },
    "catalogue.unknown_format": {
        "zh_CN": "无法从文件名 {file} 判断格式，请用 --format 指定 json、csv 或 xlsx",
        "en": "Cannot tell the format of {file}; pass --format json, csv or xlsx",
    },
    "catalogue.file_unreadable": {
        "zh_CN": "无法读取文件 {file}：{detail}",
        "en": "Cannot read {file}: {detail}",
    },
    "catalogue.file_unwritable": {
        "zh_CN": "无法写入文件 {file}：{detail}",
        "en": "Cannot write {file}: {detail}",
    },
    "catalogue.item_not_found": {
        "zh_CN": "事项目录中没有编码为 {code} 的事项",
        "en": "There is no item {code} in the catalogue",
    },
    "catalogue.not_cached": {
        "zh_CN": "本机还没有事项目录，请在连通中心数据库时同步一次",
        "en": "This PC has no copy of the catalogue yet; sync once while the central "
        "database is reachable",
    },
    # desk-admin catalogue
    "catalogue.imported": {
        "zh_CN": "已导入 {items} 个事项、{materials} 项材料（大厅 {hall}，目录版本 {version}）",
        "en": "Imported {items} items with {materials} materials (hall {hall}, version {version})",
    },
    "catalogue.exported": {
        "zh_CN": "已导出 {items} 个事项到 {file}",
        "en": "Exported {items} items to {file}",
    },
    # places
    "catalogue.problem": {"zh_CN": "{where}有误：{reason}", "en": "{where}: {reason}"},
    "catalogue.loc_file": {"zh_CN": "文件", "en": "the file"},
    "catalogue.loc_line": {"zh_CN": "第 {line} 行", "en": "line {line}"},
    "catalogue.loc_sheet": {"zh_CN": "工作表“{sheet}”", "en": "sheet {sheet}"},
    "catalogue.loc_row": {
        "zh_CN": "工作表“{sheet}”第 {line} 行",
        "en": "sheet {sheet}, row {line}",
    },
    "catalogue.loc_entry": {"zh_CN": "“{cell}”第 {entry} 项", "en": "{cell} entry {entry}"},
    "catalogue.loc_field": {"zh_CN": "“{field}”栏", "en": "column {field}"},
    "catalogue.loc_path": {"zh_CN": "位置 {path} ", "en": "{path}"},
    # reasons: a field
    "catalogue.required": {"zh_CN": "不能为空", "en": "must not be empty"},
    "catalogue.too_long": {
        "zh_CN": "超过 {max} 个字符（现有 {length} 个）",
        "en": "is longer than {max} characters ({length})",
    },
    "catalogue.control_chars": {
        "zh_CN": "含有无法显示的控制字符",
        "en": "contains control characters that cannot be shown",
    },
    "catalogue.wrong_type": {"zh_CN": "应为{expected}", "en": "should be {expected_en}"},
    "catalogue.not_integer": {
        "zh_CN": "“{value}”不是整数（请只填数字，单位为工作日或份）",
        "en": "'{value}' is not a whole number (digits only: working days or copies)",
    },
    "catalogue.out_of_range": {
        "zh_CN": "{value} 超出范围，应在 {low} 到 {high} 之间",
        "en": "{value} is out of range; it must be from {low} to {high}",
    },
    "catalogue.bad_code": {
        "zh_CN": "“{value}”不是有效的事项编码（1–64 位字母、数字、-、_、.）",
        "en": "'{value}' is not a valid item code (1-64 letters, digits, - _ .)",
    },
    "catalogue.bad_kind": {
        "zh_CN": "“{value}”不是办件类型，应为即办件、承诺件、联办件或上报件",
        "en": "'{value}' is not a case kind: instant, promised, joint or escalated",
    },
    "catalogue.bad_form": {
        "zh_CN": "“{value}”不是材料形式，应为原件、复印件或电子",
        "en": "'{value}' is not a material form: original, copy or electronic",
    },
    "catalogue.bad_bool": {
        "zh_CN": "“{value}”无法识别，应填 是 或 否",
        "en": "'{value}' is not yes or no (是/否, true/false, 1/0)",
    },
    "catalogue.unknown_category": {
        "zh_CN": "本大厅没有业务类别“{value}”（现有：{known}）",
        "en": "This hall has no category '{value}' (it has: {known})",
    },
    "catalogue.promised_over_statutory": {
        "zh_CN": "承诺时限 {promised} 个工作日超过法定时限 {statutory} 个工作日",
        "en": "The promised limit of {promised} working days exceeds the statutory {statutory}",
    },
    "catalogue.condition_needed": {
        "zh_CN": "非必需材料须写明适用条件（例如：委托办理的）",
        "en": "A conditional material needs its condition in words (e.g. when acting for another)",
    },
    # reasons: records and the file
    "catalogue.duplicate_code": {
        "zh_CN": "事项编码 {value} 与第 {first} 行重复",
        "en": "Item code {value} repeats line {first}",
    },
    "catalogue.duplicate_item": {
        "zh_CN": "事项编码 {value} 与 {first} 重复",
        "en": "Item code {value} repeats {first}",
    },
    "catalogue.duplicate_material": {
        "zh_CN": "材料“{value}”在同一事项中重复",
        "en": "Material '{value}' appears twice in the same item",
    },
    "catalogue.conflict": {
        "zh_CN": "同一事项在第 {first} 行写的是“{value}”，这里不一致",
        "en": "The same item says '{value}' on line {first}; this row differs",
    },
    "catalogue.orphan": {
        "zh_CN": "事项编码 {value} 不在“事项”工作表中",
        "en": "Item code {value} is not on the items sheet (事项)",
    },
    "catalogue.bad_entry": {
        "zh_CN": "应写作“{pattern}”，多项之间用分号或换行分隔",
        "en": "should read '{pattern_en}', entries separated by ';' or line breaks",
    },
    "catalogue.missing_column": {
        "zh_CN": "缺少“{value}”列",
        "en": "Column '{value_en}' is missing",
    },
    "catalogue.unknown_column": {
        "zh_CN": "无法识别的列“{value}”",
        "en": "Unknown column '{value}'",
    },
    "catalogue.duplicate_column": {
        "zh_CN": "“{value}”列出现了不止一次",
        "en": "Column '{value}' appears more than once",
    },
    "catalogue.unknown_field": {"zh_CN": "无法识别的字段", "en": "is not a known field"},
    "catalogue.missing_sheet": {
        "zh_CN": "缺少工作表“{value}”",
        "en": "The workbook has no sheet '{value}'",
    },
    "catalogue.unknown_sheet": {
        "zh_CN": "无法识别的工作表“{value}”（应为：事项、材料、特殊环节、不予受理情形）",
        "en": "Unknown sheet '{value}' (expected 事项, 材料, 特殊环节, 不予受理情形)",
    },
    "catalogue.not_utf8": {
        "zh_CN": "文件不是 UTF-8 编码（可能是 GBK），请另存为 UTF-8",
        "en": "The file is not UTF-8 (perhaps GBK); save it as UTF-8",
    },
    "catalogue.empty_file": {
        "zh_CN": "文件中没有任何事项",
        "en": "The file holds no items",
    },
    "catalogue.bad_json": {
        "zh_CN": "不是有效的 JSON（第 {line} 行第 {column} 列：{detail}）",
        "en": "Not valid JSON (line {line}, column {column}: {detail})",
    },
    "catalogue.bad_csv": {
        "zh_CN": "无法按 CSV 读取：{detail}",
        "en": "Cannot be read as CSV: {detail}",
    },
    "catalogue.bad_header": {
        "zh_CN": "不是事项目录文件：应有 format 为 desk-catalogue、version 为 1 的 items 列表",
        "en": "Not a catalogue file: expected format desk-catalogue, version 1 and a list of items",
    },
    "catalogue.bad_xlsx": {
        "zh_CN": "无法按 XLSX 工作簿读取：{detail}",
        "en": "Cannot be read as an XLSX workbook: {detail}",
    },
}
