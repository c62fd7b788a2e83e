"""Messages and column names of the queue statistics (叫号统计), zh_CN and en; the messages
are merged into core.messages.MESSAGES, the name tables are (zh_CN, en) pairs that the
screen, the CSV, the printed report and desk-admin share, so all four say the same."""

from __future__ import annotations

MESSAGES: dict[str, dict[str, str]] = {
    "queue_stats.period_reversed": {
        "zh_CN": "统计期间有误：结束日期 {end} 早于开始日期 {start}",
        "en": "The period runs backwards: it ends on {end}, before it starts on {start}",
    },
    "queue_stats.period_too_long": {
        "zh_CN": "统计期间最长 366 天（{start} 至 {end} 超出），请分段统计",
        "en": "A report covers at most 366 days ({start} to {end} is longer); split the period",
    },
    "queue_stats.by": {
        "zh_CN": "不能按“{by}”统计，可选：日期、时段、业务类别、窗口、工作人员",
        "en": "Cannot group by '{by}'; choose day, hour, category, window or staff",
    },
    "queue_stats.empty": {
        "zh_CN": "{start} 至 {end} 没有取号记录",
        "en": "No tickets from {start} to {end}",
    },
    "queue_stats.wait_limit": {
        "zh_CN": "等候超时标准应为 1 至 480 分钟，收到 {minutes}",
        "en": "The wait limit must be 1 to 480 minutes, not {minutes}",
    },
}

TITLE = ("叫号统计报表", "Queue statistics")
TOTAL = ("合计", "Total")
NOBODY = ("未记录", "not recorded")
#: The grouping column's name, by grouping.
KEYS: dict[str, tuple[str, str]] = {
    "day": ("日期", "Day"),
    "hour": ("时段", "Hour"),
    "category": ("业务类别", "Category"),
    "window": ("窗口", "Window"),
    "staff": ("工作人员", "Staff"),
}
#: The figure columns, in order, by the QueueStatRow field (or property) each shows.
COLUMNS: tuple[tuple[str, tuple[str, str]], ...] = (
    ("issued", ("取号", "Issued")),
    ("called", ("已叫号", "Called")),
    ("calls", ("叫号次数", "Calls")),
    ("recalls", ("重呼", "Recalls")),
    ("done", ("办结", "Done")),
    ("no_show", ("过号", "No-shows")),
    ("transferred", ("转移", "Transferred")),
    ("abandoned", ("弃号", "Abandoned")),
    ("open", ("在办/等候", "Open")),
    ("wait_avg_s", ("平均等候(分)", "Avg wait (min)")),
    ("wait_max_s", ("最长等候(分)", "Max wait (min)")),
    ("over_limit", ("等候超时", "Over limit")),
    ("over_limit_share", ("超时率", "Over-limit share")),
    ("handling_avg_s", ("平均办理(分)", "Avg handling (min)")),
    ("peak_waiting", ("最高排队", "Peak queue")),
)
WEEKDAYS = ("周一", "周二", "周三", "周四", "周五", "周六", "周日")
#: What the columns mean, printed under the report and in the README.
NOTES = (
    (
        "取号 = 办结 + 过号 + 弃号 + 在办/等候；弃号为取消或日终未办结的号。",
        "Issued = done + no-shows + abandoned + open; abandoned tickets were cancelled or "
        "closed unfinished at the day's end.",
    ),
    (
        "等候：从取号、转入或过号恢复到被叫号的时间，每次叫号一次；超时指等候超过 {limit} 分钟。",
        "Wait: from the issue, a transfer in or a reinstatement to the call, once per call; "
        "over limit means longer than {limit} minutes.",
    ),
    (
        "办理：从叫号到办结、转移或挂起的时间（不含过号）；按窗口、人员统计时计其本人部分。",
        "Handling: from the call to the finish, transfer or hold (no-shows excluded); by window "
        "or staff, each counts its own part.",
    ),
)
