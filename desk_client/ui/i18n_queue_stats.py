"""The labels of the supervisors' 叫号统计 page (Ctrl+Shift+S), zh_CN and en.

Merged into ui.i18n.LABELS. Only the page's own words are here: the groupings' names, the
column names and the notes under the table are core.messages_queue_stats's, which the CSV
and the printed report share, so the screen cannot name a column differently from the paper.
Refusals (a reversed period, a bad limit) are DeskError codes in that module too.
"""

from __future__ import annotations

LABELS: dict[str, tuple[str, str]] = {
    # key: (zh_CN, en)
    "page.queue_stats": ("叫号统计", "Queue statistics"),
    "qstats.from": ("从", "From"),
    "qstats.to": ("至", "to"),
    "qstats.by": ("统计方式", "Group by"),
    "qstats.limit": ("等候超时标准", "Wait limit"),
    "qstats.minutes": (" 分钟", " min"),
    "qstats.run": ("统计", "Run"),
    "qstats.export": ("导出 CSV", "Export CSV"),
    "qstats.print": ("打印报表 (A4)", "Print report (A4)"),
    "qstats.csv_filter": ("CSV 文件 (*.csv)", "CSV files (*.csv)"),
    # what the table shows, above it: the period, the grouping and the limit it was counted for
    "qstats.caption": (
        "{hall}　{start} 至 {end}　按{by}统计　等候超时标准 {limit} 分钟",
        "{hall} · {start} to {end} · by {by} · wait limit {limit} min",
    ),
    "qstats.nothing": (
        "还没有统计结果：请先按“统计”",
        "Nothing counted yet: press Run first",
    ),
    "qstats.exported": ("已导出到 {path}", "Written to {path}"),
    "qstats.printed": ("叫号统计报表已送打印", "The report was sent to the printer"),
}
