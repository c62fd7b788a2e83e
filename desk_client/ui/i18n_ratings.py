"""The labels of issue 7's screens (好差评: the rating code, 评价, 回访, 评价统计), zh_CN and en.

Merged into ui.i18n.LABELS. Refusals are not here: they are DeskError codes in
core/messages_ratings.py. The names of the levels (非常满意 … 非常不满意), of the four
indicators and of the follow-up and appeal states are core's own, copied into label keys at
import, so a header and a cell can never name one thing two ways.
"""

from __future__ import annotations

from desk_client.core.messages_ratings import APPEAL_STATE_NAMES, FOLLOWUP_STATE_NAMES
from desk_client.core.ratings import INDICATORS, LEVELS, indicator_name, level_name

LABELS: dict[str, tuple[str, str]] = {
    # key: (zh_CN, en)
    "page.ratings": ("评价", "Ratings"),
    "rating.tab.today": ("今日评价", "Today's ratings"),
    "rating.tab.followups": ("回访", "Follow-ups"),
    "rating.tab.stats": ("评价统计", "Rating statistics"),
    # the customer screen
    "rating.scan": ("请扫码评价", "Scan to rate"),
    "rating.invite": ("请对本次服务评价", "Please rate this service"),
    "rating.expires": ("有效期至 {time}", "Valid until {time}"),
    "rating.private": (
        "在您自己的手机上评价 · 不收集个人信息",
        "Rate on your own phone · no personal data is collected",
    ),
    "rating.thanks": ("谢谢，请慢走", "Thank you, goodbye"),
    # the clerk window
    "rating.code_status": (
        "评价码 {ref} · 有效期至 {time} · Ctrl+Shift+R 打印",
        "Rating code {ref} · valid until {time} · Ctrl+Shift+R prints it",
    ),
    "rating.code_failed": ("{ref} 未生成评价码：{reason}", "No rating code for {ref}: {reason}"),
    "rating.no_code": (
        "还没有评价码可打印（办结一次服务后生成）",
        "No rating code to print yet (one is made when a visit ends)",
    ),
    "rating.slip_printed": ("已打印 {ref} 的评价二维码", "Rating slip for {ref} printed"),
    "rating.arrived": ("{ref} 收到评价：{level}", "{ref} rated: {level}"),
    "rating.arrived_bad": (
        "{window} 号窗口 {ref} 收到差评：{level}",
        "Window {window}, {ref}: bad rating, {level}",
    ),
    "rating.window_visit": ("{window} 号窗口的服务", "a visit at window {window}"),
    "rating.feed_failed": (
        "评价暂停接收：{reason}（自动重试）",
        "Ratings paused: {reason} (retrying)",
    ),
    "rating.count": (
        "今日 {count} 条评价 · 满意率 {satisfaction} · 差评 {bad} 条",
        "{count} ratings today · {satisfaction} satisfied · {bad} bad",
    ),
    "rating.hint": (
        "评价由群众本人扫码提交，提交后才会显示在这里；窗口不能代为评价。",
        "People rate by scanning the code; a rating shows here only once submitted. "
        "The window cannot rate for them.",
    ),
    "rating.col.time": ("时间", "Time"),
    "rating.col.ref": ("号码/办件", "Ticket/case"),
    "rating.col.window": ("窗口", "Window"),
    "rating.col.staff": ("工作人员", "Staff"),
    "rating.col.reasons": ("差评原因", "Reasons"),
    "rating.col.comment": ("意见", "Comment"),
    "rating.col.mark": ("标记", "Mark"),
    "rating.mark.bad": ("差评", "bad"),
    "rating.mark.defaulted": ("默认评价", "defaulted"),
    "rating.mark.excluded": ("申诉成立，不计入", "appeal upheld, not counted"),
    "rating.appeal": ("申诉", "Appeal"),
    "rating.print": ("打印评价二维码", "Print the rating code"),
    "rating.appeal_none": (
        "这条评价没有待处理的回访，不能申诉",
        "This rating has no open follow-up to appeal",
    ),
    # follow-ups (回访)
    "fu.col.level": ("期限", "Due"),
    "fu.col.due": ("回访期限", "Due day"),
    "fu.col.rated": ("评价时间", "Rated"),
    "fu.col.assignee": ("回访人", "Assignee"),
    "fu.col.state": ("状态", "State"),
    "fu.col.appeal": ("申诉", "Appeal"),
    "fu.col.notes": ("回访/整改", "Contact / fix"),
    "fu.level.closed": ("✓ 已办结", "✓ closed"),
    "fu.no_day": ("缺少日历", "no calendar"),
    "fu.show_closed": ("含已办结", "Include closed"),
    "fu.refresh": ("刷新", "Refresh"),
    "fu.count": (
        "回访 {count} 条 · 超期 {red} · 临期 {yellow}",
        "{count} follow-ups · {red} overdue · {yellow} due soon",
    ),
    "fu.contact": ("回访记录", "Contact"),
    "fu.rectify": ("整改", "Rectify"),
    "fu.appeal": ("申诉", "Appeal"),
    "fu.decide": ("复核", "Decide"),
    "fu.close": ("办结", "Close"),
    "fu.reassign": ("改派", "Reassign"),
    "fu.title": ("回访 #{id} · {action}", "Follow-up #{id} · {action}"),
    "fu.rating_line": (
        "{time} · {window} 号窗口 · {ref} · {staff} · {level}",
        "{time} · window {window} · {ref} · {staff} · {level}",
    ),
    "fu.reasons_line": (
        "原因：{reasons}  意见：{comment}",
        "Reasons: {reasons}  Comment: {comment}",
    ),
    "fu.history": ("已有记录", "So far"),
    "fu.text.contact": ("回访情况（联系了谁、群众怎么说）", "What the person said when contacted"),
    "fu.text.rectify": ("整改措施", "What was changed"),
    "fu.text.appeal": (
        "申诉理由（误评或恶意评价的依据）",
        "Why the rating is mistaken or malicious",
    ),
    "fu.text.decide": ("复核意见", "The review's finding"),
    "fu.text.close": ("办结说明", "Closing note"),
    "fu.assignee": ("改派给", "Reassign to"),
    "fu.uphold": ("申诉成立（该评价不计入统计）", "Uphold (the rating is not counted)"),
    "fu.reject": ("驳回申诉", "Reject the appeal"),
    "fu.choose": ("请选择复核结论", "Choose uphold or reject"),
    "fu.pick_staff": ("请选择回访人", "Choose who follows up"),
    "fu.submit": ("提交 (Ctrl+Enter)", "Submit (Ctrl+Enter)"),
    "fu.cancel": ("取消", "Cancel"),
    "fu.done": ("回访 #{id}：{action}已完成", "Follow-up #{id}: {action} done"),
    "fu.none_selected": ("请先选择一条回访", "Select a follow-up first"),
    "fu.contacted_line": ("回访 {at} {by}：{text}", "Contacted {at} by {by}: {text}"),
    "fu.rectified_line": ("整改 {at} {by}：{text}", "Rectified {at} by {by}: {text}"),
    "fu.appeal_line": ("申诉 {by}：{text}", "Appeal by {by}: {text}"),
    "fu.decided_line": ("复核 {by}：{text}", "Decided by {by}: {text}"),
    "fu.board": (
        "本月差评 {bad} 条 · 回访率 {rate} · 未办结回访 {open} 条（超期 {overdue} 条）",
        "This month: {bad} bad ratings, {rate} followed up · {open} follow-ups open "
        "({overdue} overdue)",
    ),
    # statistics (评价统计)
    "stats.by": ("统计维度", "By"),
    "stats.run": ("统计", "Run"),
    "stats.export": ("导出 CSV…", "Export CSV…"),
    "stats.exported": ("已导出到 {path}", "Written to {path}"),
    "stats.csv_filter": ("CSV 文件 (*.csv)", "CSV files (*.csv)"),
    "stats.col.label": ("统计项", "Row"),
    "stats.col.count": ("评价数", "Ratings"),
    "stats.col.satisfaction": ("满意率", "Satisfied"),
    "stats.col.average": ("平均分", "Average"),
    "stats.col.bad": ("差评", "Bad"),
    "stats.col.defaulted": ("默认评价", "Defaulted"),
    "stats.col.excluded": ("不计入", "Excluded"),
    "stats.total": (
        "{count} 条评价 · 满意率 {satisfaction} · 差评 {bad} 条",
        "{count} ratings · {satisfaction} satisfied · {bad} bad",
    ),
}
# The names core gives the levels, indicators and follow-up states, as label keys.
for _level in LEVELS:
    LABELS[f"rating.level.{_level}"] = (level_name(_level, "zh_CN"), level_name(_level, "en"))
for _key in INDICATORS:
    LABELS[f"rating.ind.{_key}"] = (indicator_name(_key, "zh_CN"), indicator_name(_key, "en"))
for _state, _names in FOLLOWUP_STATE_NAMES.items():
    LABELS[f"fu.state.{_state}"] = _names
for _state, _names in APPEAL_STATE_NAMES.items():
    LABELS[f"fu.appeal.{_state}"] = ("", "") if _state == "none" else _names
