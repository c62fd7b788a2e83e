"""Messages of issue 5 (cases, deadlines, the working-day calendar), zh_CN and en; merged into
core.messages.MESSAGES.

Each helper of issue 5 keeps its codes in a section of its own below, appended at the end.
calendar.missing itself stays with the checklist's messages (messages_checklist.py), where
issue 4 defined it: one definition.
"""

from __future__ import annotations

MESSAGES: dict[str, dict[str, str]] = {
    # --- core: pauses (特殊环节, 行政许可法第四十五条), limits, acceptance, extensions ---------
    "pause.ends_before_start": {
        "zh_CN": "特殊环节的结束日期 {end} 早于开始日期 {start}",
        "en": "The special step ends on {end}, before it starts on {start}",
    },
    "pause.before_acceptance": {
        "zh_CN": "特殊环节的开始日期 {start} 早于受理日期 {accepted}",
        "en": "The special step starts on {start}, before the case was accepted on {accepted}",
    },
    "pause.overlaps": {
        "zh_CN": "特殊环节 {first_start} 至 {first_end} 与 {second_start} 开始的特殊环节重叠",
        "en": "The special step from {first_start} to {first_end} overlaps the one starting "
        "on {second_start}",
    },
    "limit.zero": {
        "zh_CN": "承诺件的办理时限至少为 1 个工作日；当天办结的请选择即办件",
        "en": "A promised case needs a limit of at least 1 working day; a case finished the "
        "same day is an instant case",
    },
    "limit.absurd": {
        "zh_CN": "办理时限 {limit} 个工作日无效：应为 0 至 {max} 之间的整数",
        "en": "A limit of {limit} working days is not valid: it must be a whole number from 0 "
        "to {max}",
    },
    "case.accepted_in_future": {
        "zh_CN": "受理日期 {accepted} 晚于今天（{today}），不能预先受理",
        "en": "The acceptance date {accepted} is after today ({today}); a case cannot be "
        "accepted in advance",
    },
    "extension.days": {
        "zh_CN": "延长天数 {days} 无效：至少延长 1 个工作日",
        "en": "An extension of {days} days is not valid: it must add at least 1 working day",
    },
    "extension.too_long": {
        "zh_CN": "已延长 {already} 个工作日，再延长 {days} 个工作日将超过法定可延长的 {max} "
        "个工作日（行政许可法第四十二条）",
        "en": "Already extended by {already} working days; {days} more would exceed the "
        "{max} working days the law allows (Administrative Licensing Law, Art. 42)",
    },
    # --- core: the lifecycle of a case ---------------------------------------------------
    "case.transition_forbidden": {
        "zh_CN": "办件 {number} 当前为“{state}”，不能{action}",
        "en": "Case {number} is {state_en}; it cannot be {action_en}",
    },
    # --- core: the calendar file (desk-admin calendar import) ----------------------------
    "calendar_csv.empty": {
        "zh_CN": "日历文件中没有任何日期：第一行应为表头 date,working,reason"
        "（或 日期,是否上班,说明），其后每行一天",
        "en": "The calendar file lists no days: its first line must be the header "
        "date,working,reason (or 日期,是否上班,说明), then one day per line",
    },
    "calendar_csv.unreadable": {
        "zh_CN": "日历文件无法按 CSV 读取：{detail}",
        "en": "The calendar file cannot be read as CSV: {detail}",
    },
    "calendar_csv.header": {
        "zh_CN": "第 {line} 行表头缺少“{column}”列："
        "应为 date,working,reason（或 日期,是否上班,说明）",
        "en": "Line {line}: the header lacks the column '{column}': expected "
        "date,working,reason (or 日期,是否上班,说明)",
    },
    "calendar_csv.bad_date": {
        "zh_CN": "第 {line} 行日期“{value}”无效：应为 2026-10-01 这样的日期",
        "en": "Line {line}: '{value}' is not a date like 2026-10-01",
    },
    "calendar_csv.bad_working": {
        "zh_CN": "第 {line} 行“是否上班”的值“{value}”无效：应为 1/0、true/false、是/否、上班/休息、"
        "班/休",
        "en": "Line {line}: '{value}' is not a working value: use 1/0, true/false, 是/否, "
        "上班/休息 or 班/休",
    },
    "calendar_csv.conflict": {
        "zh_CN": "第 {line} 行的 {day} 与第 {first_line} 行矛盾：同一天不能既上班又休息",
        "en": "Line {line}: {day} contradicts line {first_line}: a day cannot be both a "
        "working day and a day off",
    },
}

# Names of a case's states and actions, for case.transition_forbidden (zh_CN, en).
CASE_STATE_NAMES: dict[str, tuple[str, str]] = {
    "accepted": ("已受理", "accepted"),
    "in_progress": ("办理中", "in progress"),
    "paused": ("暂停计时", "paused"),
    "completed": ("已办结", "completed"),
    "withdrawn": ("已撤回", "withdrawn"),
    "transferred": ("已转办", "transferred"),
}

CASE_ACTION_NAMES: dict[str, tuple[str, str]] = {
    "start": ("开始办理", "started"),
    "pause": ("暂停计时", "paused"),
    "resume": ("恢复计时", "resumed"),
    "extend": ("延长期限", "extended"),
    "complete": ("办结", "completed"),
    "withdraw": ("撤回", "withdrawn"),
    "transfer": ("转办", "transferred"),
}


# --- services (flow helper): cases at the window, the calendar service, desk-admin calendar ---
MESSAGES.update(
    {
        "case.not_found": {
            "zh_CN": "找不到办件 {number}",
            "en": "There is no case {number}",
        },
        "case.step_required": {
            "zh_CN": "请填写特殊环节名称（如听证、检验检测、专家评审），不超过 {limit} 字",
            "en": "Name the special step (a hearing, testing, expert review ...), at most "
            "{limit} characters",
        },
        "case.reason_required": {
            "zh_CN": "请填写理由，不超过 {limit} 字",
            "en": "Give a reason, at most {limit} characters",
        },
        "case.basis_too_long": {
            "zh_CN": "法律依据不能超过 {limit} 字",
            "en": "The legal basis may have at most {limit} characters",
        },
        "case.department_required": {
            "zh_CN": "请填写转办的部门，不超过 {limit} 字",
            "en": "Name the department the case goes to, at most {limit} characters",
        },
        "case.day_in_future": {
            "zh_CN": "日期 {day} 晚于今天（{today}），不能预先登记",
            "en": "The date {day} is after today ({today}); it cannot be recorded in advance",
        },
        "case.not_supervisor": {
            "zh_CN": "{staff_no} 不是主管，不能批准延长办理期限",
            "en": "{staff_no} is not a supervisor and cannot approve an extension",
        },
        "case.not_applied": {
            "zh_CN": "办件 {number} 未能更新：{reason}",
            "en": "Case {number} could not be updated: {reason}",
        },
        "case.no_notice": {
            "zh_CN": "办件 {number} 没有可打印的{kind}告知书",
            "en": "Case {number} has no {kind_en} notice to print",
        },
        "case.bad_notice_kind": {
            "zh_CN": "告知书类型“{kind}”无效：应为 pause、resume 或 extension",
            "en": "'{kind}' is not a case notice: use pause, resume or extension",
        },
        "calendar.invalid": {
            "zh_CN": "日历文件有 {count} 处问题，未导入任何日期：",
            "en": "The calendar file has {count} problems; no day was imported:",
        },
        "calendar.file_unreadable": {
            "zh_CN": "无法读取日历文件 {file}：{detail}",
            "en": "Cannot read the calendar file {file}: {detail}",
        },
        "calendar.not_utf8": {
            "zh_CN": "日历文件 {file} 不是 UTF-8 编码：请在 Excel 中“另存为 CSV UTF-8”",
            "en": "The calendar file {file} is not UTF-8: save it as 'CSV UTF-8' in Excel",
        },
        "calendar.not_supervisor": {
            "zh_CN": "只有主管可以修改工作日历",
            "en": "Only a supervisor may change the working-day calendar",
        },
        "calendar.reason_too_long": {
            "zh_CN": "说明不能超过 {limit} 字",
            "en": "The reason may have at most {limit} characters",
        },
        "calendar.bad_year": {
            "zh_CN": "年份 {year} 无效：应为 2000 至 2100 之间",
            "en": "{year} is not a year from 2000 to 2100",
        },
        "calendar.imported": {
            "zh_CN": "已导入 {days} 天（{years} 年），日历版本 {version}",
            "en": "Imported {days} days ({years}), calendar version {version}",
        },
        "calendar.year_imported": {
            "zh_CN": "{year} 年：{working} 个工作日，按导入的节假日安排（{days} 天）",
            "en": "{year}: {working} working days, by the imported holiday notice ({days} days)",
        },
        "calendar.year_package": {
            "zh_CN": "{year} 年：{working} 个工作日，按 chinese-calendar 数据"
            "（另有 {days} 天调整）",
            "en": "{year}: {working} working days, by chinese-calendar ({days} days overridden)",
        },
    }
)
