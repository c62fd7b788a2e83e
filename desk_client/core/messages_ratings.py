"""Messages of issue 7 (好差评: rating codes, the citizen's rating, the follow-up of a bad
rating), zh_CN and en; merged into core.messages.MESSAGES.

The token refusals are read by a citizen on a phone, so they say plainly what happened and
that nothing was recorded. The rating page's own texts (headings, buttons, the thank-you
page) live in the web templates, not here. The name tables at the end are (zh_CN, en) pairs
the rules and the screens share.
"""

from __future__ import annotations

MESSAGES: dict[str, dict[str, str]] = {
    # --- the signed code (core.rating_tokens) ---------------------------------------------
    "ratings.report_empty": {
        "zh_CN": "{start} 至 {end} 没有评价",
        "en": "No ratings from {start} to {end}",
    },
    "rating.token_malformed": {
        "zh_CN": "无法识别该评价二维码，本次未记录任何评价。请扫描窗口提供的评价二维码",
        "en": "This rating code cannot be read and nothing was recorded. Please scan the "
        "rating code the window gave you",
    },
    "rating.token_forged": {
        "zh_CN": "该评价二维码未通过校验（可能被篡改或不是本大厅发放的），本次未记录任何评价",
        "en": "This rating code failed its check (it may have been altered or was not issued "
        "by this hall); nothing was recorded",
    },
    "rating.token_expired": {
        "zh_CN": "该评价二维码已过期（有效期至 {expires}），不能再评价，本次未记录任何评价",
        "en": "This rating code has expired (it was valid until {expires_en}); nothing was "
        "recorded",
    },
    "rating.token_wrong_hall": {
        "zh_CN": "该评价二维码属于其他大厅，本页面不能受理，本次未记录任何评价",
        "en": "This rating code belongs to another hall and cannot be rated here; nothing "
        "was recorded",
    },
    "rating.token_unknown_hall": {
        "zh_CN": "找不到该评价二维码所属的大厅，本次未记录任何评价",
        "en": "The hall of this rating code is unknown; nothing was recorded",
    },
    "rating.token_used": {
        "zh_CN": "本次服务已经评价过了（一次一评），感谢您的参与",
        "en": "This visit has already been rated (one rating per visit); thank you",
    },
    # --- making a code at the window (services.ratings) ---------------------------------
    "rating.secret_unavailable": {
        "zh_CN": "暂时无法生成评价二维码：中心数据库无法连接，本机也未保存本大厅的评价密钥。"
        "联网后即可生成",
        "en": "No rating code can be made now: the central database cannot be reached and "
        "this PC holds no copy of the hall's rating key. It works once the connection is back",
    },
    "rating.not_finished": {
        "zh_CN": "{ref} 尚未办结，不能生成评价二维码",
        "en": "{ref} is not finished, so it has no rating code yet",
    },
    "rating.visit_invalid": {
        "zh_CN": "评价记录 {visit_id} 的数据无效（{detail}），已拒收",
        "en": "Rated visit {visit_id} carries invalid data ({detail}); refused",
    },
    # --- the citizen's form (core.ratings.check_form): one code per problem, no parameters
    "rating.form_invalid": {
        "zh_CN": "评价尚未提交：有 {count} 处需要修改",
        "en": "The rating was not sent: {count} thing(s) need changing",
    },
    "rating.level_required": {
        "zh_CN": "请选择一项评价等级",
        "en": "Choose one of the levels",
    },
    "rating.level_invalid": {
        "zh_CN": "评价等级无效，请在五个等级中选择",
        "en": "That level does not exist; choose one of the five",
    },
    "rating.reason_unknown": {
        "zh_CN": "所选原因无效，请从列表中选择",
        "en": "That reason is not on the list; choose one from the list",
    },
    "rating.comment_too_long": {
        "zh_CN": "意见建议最多 200 个字",
        "en": "The comment may have at most 200 characters",
    },
    "rating.reason_required": {
        "zh_CN": "评价为“不满意”或“非常不满意”时，请选择原因或填写意见建议",
        "en": "With “Dissatisfied” or “Very dissatisfied”, choose a reason or write a comment",
    },
    "rating.other_needs_text": {
        "zh_CN": "选择“其他”原因时，请在意见建议中写明",
        "en": "With the reason “Other”, say what it was in the comment",
    },
    # --- the citizen's page (web) ----------------------------------------------------------
    "rating.rate_limited": {
        "zh_CN": "操作过于频繁，请稍后再试",
        "en": "Too many requests; please try again in a moment",
    },
    "rating.csrf": {
        "zh_CN": "页面已过期，请重新打开评价链接后再提交",
        "en": "This page has expired; open the rating link again and send it from there",
    },
    # --- the hall's rating settings (services.ratings) -----------------------------------
    "rating.settings_expiry": {
        "zh_CN": "评价二维码有效期应为 {min} 至 {max} 天，现为 {days} 天",
        "en": "A rating code must be valid for {min} to {max} days, not {days}",
    },
    "rating.settings_followup_days": {
        "zh_CN": "差评回访整改期限应为 {min} 至 {max} 个工作日，现为 {days} 个",
        "en": "A bad rating's follow-up must be due within {min} to {max} working days, not {days}",
    },
    "rating.settings_default_after": {
        "zh_CN": "未评价默认“基本满意”的天数应为 0（不启用）或 1 至 {max} 天，现为 {days} 天",
        "en": "Unrated visits count as “Fairly satisfied” after 0 (off) or 1 to {max} "
        "days, not {days}",
    },
    "rating.settings_staff": {
        "zh_CN": "{staff_no} 不是本大厅在职的主管或管理员，不能负责差评回访",
        "en": "{staff_no} is not an active supervisor or administrator of this hall and "
        "cannot follow up bad ratings",
    },
    # --- statistics (services.rating_stats) ----------------------------------------------
    "rating.stats_by": {
        "zh_CN": "统计口径“{by}”无效，应为窗口、工作人员、事项或日期",
        "en": "Cannot group by '{by}'; use window, staff, item or day",
    },
    "rating.stats_range": {
        "zh_CN": "统计期间 {start} 至 {end} 无效：开始日期不能晚于结束日期，且最长 {max} 天",
        "en": "The period {start} to {end} is not valid: it may not start after it ends "
        "nor span more than {max} days",
    },
    # --- follow-up of a bad rating (回访, 整改, 申诉复核) ---------------------------------
    "followup.not_found": {
        "zh_CN": "找不到回访任务 {id}",
        "en": "There is no follow-up {id}",
    },
    "followup.not_allowed": {
        "zh_CN": "您不能{action}此回访任务：只有主管或管理员可以办理，"
        "工作人员只能对自己收到的差评申请复核",
        "en": "You may not {action_en} this follow-up: supervisors and administrators handle "
        "follow-ups; a clerk may only appeal a rating of their own",
    },
    "followup.closed": {
        "zh_CN": "回访任务已办结，不能再{action}",
        "en": "This follow-up is closed; you cannot {action_en} any more",
    },
    "followup.needs_contact": {
        "zh_CN": "办结前请先回访评价人并登记回访情况",
        "en": "Contact the rater and record the follow-up call before closing",
    },
    "followup.needs_rectification": {
        "zh_CN": "办结前请先登记整改措施",
        "en": "Record the rectification before closing",
    },
    "followup.appeal_pending": {
        "zh_CN": "申诉复核尚未决定，暂不能{action}",
        "en": "An appeal awaits its decision; you cannot {action_en} yet",
    },
    "followup.appeal_not_requested": {
        "zh_CN": "此差评没有待复核的申诉",
        "en": "No appeal against this rating is waiting for a decision",
    },
    "followup.appeal_done": {
        "zh_CN": "此差评已申诉过（复核结果：{result}），不能再次申诉",
        "en": "This rating was already appealed (decision: {result_en}); it cannot be "
        "appealed again",
    },
    "followup.own_appeal": {
        "zh_CN": "不能复核自己提出的申诉，请由其他主管复核",
        "en": "You cannot decide an appeal you requested; another supervisor must decide it",
    },
    "followup.text_required": {
        "zh_CN": "请填写{what}",
        "en": "Enter the {what_en}",
    },
    "followup.text_too_long": {
        "zh_CN": "{what}最多 {max} 个字，现为 {length} 个字",
        "en": "The {what_en} may have at most {max} characters; it has {length}",
    },
    "followup.assignee": {
        "zh_CN": "{staff_no} 不是本大厅在职的主管或管理员，不能负责回访",
        "en": "{staff_no} is not an active supervisor or administrator of this hall and "
        "cannot own a follow-up",
    },
}

# --- names (zh_CN, en) ----------------------------------------------------------------------

#: 国办发〔2019〕51号: five levels, 5 best.
LEVEL_NAMES: dict[int, tuple[str, str]] = {
    5: ("非常满意", "Very satisfied"),
    4: ("满意", "Satisfied"),
    3: ("基本满意", "Fairly satisfied"),
    2: ("不满意", "Dissatisfied"),
    1: ("非常不满意", "Very dissatisfied"),
}
#: The counter indicators of GB/T 39734-2020, in the order the page asks them.
INDICATOR_NAMES: dict[str, tuple[str, str]] = {
    "overall": ("整体满意度", "Overall satisfaction"),
    "efficiency": ("服务效率", "Efficiency"),
    "competence": ("服务水平", "Competence"),
    "attitude": ("服务态度", "Attitude"),
}
#: Reasons a citizen may tick for a bad rating, in the order the page lists them.
REASON_NAMES: dict[str, tuple[str, str]] = {
    "slow": ("办理效率低/等候时间长", "Slow service or long wait"),
    "attitude": ("服务态度差", "Poor attitude"),
    "unclear": ("告知不清/一次性告知不到位", "Unclear or incomplete information"),
    "materials": ("材料要求多或反复提交", "Too many materials or repeated submissions"),
    "rules": ("办事规定不合理", "Unreasonable rules"),
    "other": ("其他", "Other"),
}
VISIT_KIND_NAMES: dict[str, tuple[str, str]] = {
    "ticket": ("号票", "ticket"),
    "case": ("办件", "case"),
    "emergency": ("应急号", "emergency number"),
}
STATS_BY_NAMES: dict[str, tuple[str, str]] = {
    "window": ("窗口", "Window"),
    "staff": ("工作人员", "Staff"),
    "item": ("事项", "Item"),
    "day": ("日期", "Day"),
}
FOLLOWUP_STATE_NAMES: dict[str, tuple[str, str]] = {
    "open": ("待回访", "open"),
    "contacted": ("已回访", "contacted"),
    "closed": ("已办结", "closed"),
}
APPEAL_STATE_NAMES: dict[str, tuple[str, str]] = {
    "none": ("未申诉", "no appeal"),
    "requested": ("申诉待复核", "appeal pending"),
    "upheld": ("申诉成立", "appeal upheld"),
    "rejected": ("申诉不成立", "appeal rejected"),
}
#: Verbs of the follow-up steps, as the refusals use them (不能再{action} / cannot {action}).
FOLLOWUP_ACTION_NAMES: dict[str, tuple[str, str]] = {
    "contact": ("登记回访", "record a contact"),
    "rectify": ("登记整改", "record a rectification"),
    "appeal": ("申请复核", "appeal"),
    "decide": ("复核申诉", "decide an appeal"),
    "close": ("办结", "close"),
    "reassign": ("改派", "reassign"),
}
#: The texts of the follow-up steps, as the refusals name them.
FOLLOWUP_TEXT_NAMES: dict[str, tuple[str, str]] = {
    "contact_note": ("回访情况", "record of the call"),
    "rectification": ("整改措施", "rectification"),
    "appeal_reason": ("申诉理由", "reason for the appeal"),
    "appeal_note": ("复核意见", "decision note"),
    "close_note": ("办结说明", "closing note"),
}
