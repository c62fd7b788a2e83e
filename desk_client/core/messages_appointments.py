"""Messages of appointments (预约: booking, moving (改约), cancelling, the hall's booking
settings), zh_CN and en; merged into core.messages.MESSAGES.

A clerk reads these to a citizen across the counter, so each refusal says what is wrong with
the request and what to choose instead. The name tables at the end are (zh_CN, en) pairs the
rules, the CLI and the screens share.
"""

from __future__ import annotations

MESSAGES: dict[str, dict[str, str]] = {
    "appointment.cancelled": {
        "zh_CN": "预约号 {code} 已取消",
        "en": "Appointment {code} has been cancelled",
    },
    "appointment.missed": {
        "zh_CN": "预约号 {code} 的时段已过且未签到（爽约），不能再取消",
        "en": "Appointment {code} was missed (its slot ended without a check-in); it can no "
        "longer be cancelled",
    },
    "appointment.same_slot": {
        "zh_CN": "{code} 已约在 {at} 这个时段，改约请选另一个时段",
        "en": "{code} is already booked for {at}; choose another slot to move it to",
    },
    "appointment.full": {
        "zh_CN": "预约已满：{day} {start}–{end} 的 {category} 类业务已约满 {capacity} 人，"
        "请选其他时段",
        "en": "Fully booked: category {category} on {day} {start}–{end} already has {capacity} "
        "bookings; choose another slot",
    },
    "appointment.past": {
        "zh_CN": "{at} 的时段已开始或已过去，请选以后的时段",
        "en": "The slot at {at} has already begun; choose a later one",
    },
    "appointment.too_far": {
        "zh_CN": "只能预约 {days} 天以内的时段（最晚到 {last}），{at} 太远，请选更近的日期",
        "en": "Appointments are booked at most {days} days ahead (until {last}); {at} is too "
        "far, choose an earlier day",
    },
    "appointment.off_grid": {
        "zh_CN": "{at} 不是预约时段的开始时间（开放时间 {hours}，每个时段 {minutes} 分钟）",
        "en": "{at} is not the start of a slot (open {hours}, {minutes}-minute slots)",
    },
    "appointment.calendar_missing": {
        "zh_CN": "尚未导入 {year} 年的节假日安排，暂不能预约 {day}：请负责人先在“日历”页导入"
        "国务院公布的 {year} 年放假和调休",
        "en": "The holidays of {year} have not been entered yet, so {day} cannot be booked: a "
        "supervisor must first import that year's holidays and swapped days on the calendar page",
    },
    "appointment.closed_day": {
        "zh_CN": "{day}（{kind}）大厅不办理 {category} 类业务，不能预约，请选其他日期",
        "en": "The hall does not serve category {category} on {day} ({kind_en}); choose "
        "another day",
    },
    "appointment.bad_name": {
        "zh_CN": "请填写预约人姓名（1 至 {max} 个字，不含控制字符）",
        "en": "Enter the name of the person booking (1 to {max} characters, no control characters)",
    },
    "appointment.bad_phone": {
        "zh_CN": "联系电话“{phone}”不正确：应为 {low} 至 {high} 位数字，可含空格、连字符和开头的 +",
        "en": "The phone number '{phone}' is not valid: {low} to {high} digits, with spaces, "
        "hyphens and a leading + allowed",
    },
    "appointment.no_show_blocked": {
        "zh_CN": "电话 {phone} 的预约人近 {days} 天内爽约 {misses} 次（满 {limit} 次暂停预约），"
        "暂不能预约，{until} 起可再预约",
        "en": "The person with phone {phone} missed {misses} appointments in the last {days} "
        "days (booking is suspended at {limit}); they may book again from {until}",
    },
    "appointment.bad_settings": {
        "zh_CN": "预约设置有误：{field}“{value}”{rule}",
        "en": "Bad appointment setting: {field_en} '{value}' {rule_en}",
    },
    # --- the report (预约统计) ---------------------------------------------------------------
    "appointment.report_by": {
        "zh_CN": "统计口径“{by}”无效，应为日期（day）或业务类别（category）",
        "en": "Cannot group by '{by}'; use day or category",
    },
    "appointment.report_range": {
        "zh_CN": "统计期间 {start} 至 {end} 无效：开始日期不能晚于结束日期，且最长 {max} 天",
        "en": "The period {start} to {end} is not valid: it may not start after it ends nor "
        "span more than {max} days",
    },
    "appointments.report_empty": {
        "zh_CN": "{start} 至 {end} 没有预约",
        "en": "No appointments from {start} to {end}",
    },
    # --- the platform's file (core.appointments_csv, services.appointment_import) ---------
    "appointments.invalid": {
        "zh_CN": "预约文件有 {count} 处问题，未导入任何预约：",
        "en": "The appointments file has {count} problems; nothing was imported:",
    },
    "appointments.imported": {
        "zh_CN": "导入预约 {added} 条（此前已导入 {already} 条，未重复导入）",
        "en": "{added} appointments imported ({already} imported before, not again)",
    },
    "appointment_csv.bad_time": {
        "zh_CN": "第 {line} 行：时段“{value}”无效，应为 10:00 或 10:00-10:30",
        "en": "Line {line}: '{value}' is not a time such as 10:00 or 10:00-10:30",
    },
    "appointment_csv.category": {
        "zh_CN": "第 {line} 行：没有业务类别“{value}”（填类别代码如 A，或类别名称）",
        "en": "Line {line}: there is no category '{value}' (give its code, e.g. A, or its name)",
    },
    "appointment_csv.bad_code": {
        "zh_CN": "第 {line} 行：预约码“{value}”无效，应为至多 {max} 位字母、数字或连字符",
        "en": "Line {line}: the code '{value}' is not valid: at most {max} letters, digits or "
        "hyphens",
    },
    "appointment_csv.own_code": {
        "zh_CN": "第 {line} 行：预约码 {value} 与本大厅自编的预约码格式相同，会与窗口预约冲突；"
        "请留空由系统编号",
        "en": "Line {line}: the code {value} has the hall's own pattern and could clash with a "
        "window's booking; leave it empty and the hall numbers it",
    },
    "appointment_csv.code_twice": {
        "zh_CN": "第 {line} 行：预约码 {value} 已在第 {first_line} 行出现",
        "en": "Line {line}: the code {value} already appears on line {first_line}",
    },
    "appointment_csv.bad_name": {
        "zh_CN": "第 {line} 行：预约人姓名应为 1 至 {max} 个字",
        "en": "Line {line}: the name must have 1 to {max} characters",
    },
    "appointment_csv.bad_phone": {
        "zh_CN": "第 {line} 行：联系电话“{phone}”不正确，应为 {low} 至 {high} 位数字",
        "en": "Line {line}: the phone number '{phone}' is not {low} to {high} digits",
    },
    "appointment_csv.past_day": {
        "zh_CN": "第 {line} 行：{day} 已经过去",
        "en": "Line {line}: {day} has passed",
    },
    "appointment_csv.closed_hours": {
        "zh_CN": "第 {line} 行：{start}–{end} 不在大厅的预约开放时间（{hours}）内",
        "en": "Line {line}: {start}–{end} is outside the hall's booking hours ({hours})",
    },
    "appointment_csv.closed_day": {
        "zh_CN": "第 {line} 行：{day} 大厅不办理 {category} 类业务（节假日或周末排班未开放），"
        "请联系预约人改期",
        "en": "Line {line}: the hall does not serve category {category} on {day} (a holiday, or "
        "a weekend whose roster does not open it); ask the person to rebook",
    },
    "appointment_csv.code_taken": {
        "zh_CN": "第 {line} 行：预约码 {value} 已被另一条预约使用",
        "en": "Line {line}: the code {value} is already used by another appointment",
    },
}

#: The settings as a refusal names them (appointment.bad_settings).
SETTING_NAMES: dict[str, tuple[str, str]] = {
    "slot_minutes": ("每个时段分钟数", "slot length in minutes"),
    "per_slot": ("每类业务每个时段可约人数", "bookings per category and slot"),
    "hours": ("开放预约时间", "opening hours"),
    "horizon_days": ("可提前预约天数", "days ahead one may book"),
    "no_show_limit": ("爽约暂停预约次数", "misses that suspend booking"),
    "no_show_days": ("爽约统计天数", "days misses are counted over"),
}
#: What a setting must be, as a refusal says it (str.format with the rule's parameters).
SETTING_RULES: dict[str, tuple[str, str]] = {
    "range": ("应为 {low} 至 {high} 的整数", "must be a whole number from {low} to {high}"),
    "hours_format": (
        "应写成 HH:MM-HH:MM，多段用逗号分隔，如 09:00-12:00,13:30-17:00",
        "must read HH:MM-HH:MM, periods separated by commas, e.g. 09:00-12:00,13:30-17:00",
    ),
    "hours_order": (
        "每段须开始早于结束，各段按时间先后排列且不重叠",
        "must have each period start before it ends, in order, none overlapping",
    ),
    "hours_many": ("时段太多（最多 5 段）", "has too many periods (at most 5)"),
    "hours_short": (
        "每段至少要能容纳一个 {minutes} 分钟的预约时段",
        "must have every period hold at least one {minutes}-minute slot",
    ),
}
#: core.appointments.AppointmentState values.
STATE_NAMES: dict[str, tuple[str, str]] = {
    "booked": ("已预约", "booked"),
    "checked_in": ("已签到", "checked in"),
    "cancelled": ("已取消", "cancelled"),
    "missed": ("未到", "missed"),
}
#: The report's columns after the key (AppointmentStatsRow), its key by grouping, the total.
REPORT_HEADER: tuple[tuple[str, str], ...] = (
    ("预约", "Booked"),
    ("签到", "Checked in"),
    ("取消", "Cancelled"),
    ("爽约", "Missed"),
    ("到场率", "Show rate"),
)
REPORT_KEYS: dict[str, tuple[str, str]] = {
    "day": ("日期", "Day"),
    "category": ("业务类别", "Category"),
}
REPORT_TOTAL = ("合计", "Total")
#: Where an appointment was booked.
SOURCE_NAMES: dict[str, tuple[str, str]] = {
    "window": ("窗口", "window"),
    "admin": ("管理端", "admin"),
    "import": ("导入", "import"),
}
#: core.workdays.day_kind values, as appointment.closed_day names the day.
DAY_KIND_NAMES: dict[str, tuple[str, str]] = {
    "workday": ("工作日", "working day"),
    "makeup": ("调休上班日", "make-up working day"),
    "rest": ("休息日", "weekend"),
    "holiday": ("节假日", "public holiday"),
}
#: Monday first (date.weekday()), as appointment.closed_day names the day.
WEEKDAY_NAMES: tuple[tuple[str, str], ...] = (
    ("星期一", "Monday"),
    ("星期二", "Tuesday"),
    ("星期三", "Wednesday"),
    ("星期四", "Thursday"),
    ("星期五", "Friday"),
    ("星期六", "Saturday"),
    ("星期日", "Sunday"),
)
