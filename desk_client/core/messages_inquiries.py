"""Messages of issue 6 (首问负责 inquiries, referrals, AB岗 cover, the roster, the hall
directory), zh_CN and en; merged into core.messages.MESSAGES.

Each helper of issue 6 keeps its codes in a section of its own, appended at the end.
"""

from __future__ import annotations

MESSAGES: dict[str, dict[str, str]] = {
    # --- core: the inquiry form (首问登记) ------------------------------------------------
    "inquiry.channel": {
        "zh_CN": "咨询渠道“{channel}”无效，应为来访、电话、信函或网上",
        "en": "Channel '{channel}' is not one of visit, phone, letter, online",
    },
    "inquiry.person_kind": {
        "zh_CN": "咨询人类型“{kind}”无效，应为个人或单位",
        "en": "'{kind}' is neither a person nor an organisation",
    },
    "inquiry.name": {
        "zh_CN": "请填写咨询人姓名或单位名称（1 至 {max} 个字）",
        "en": "Enter the person's or organisation's name (1 to {max} characters)",
    },
    "inquiry.matter": {
        "zh_CN": "请填写咨询事项（1 至 {max} 个字，现为 {length} 个字）",
        "en": "Describe the matter (1 to {max} characters; now {length})",
    },
    "inquiry.item_code": {
        "zh_CN": "事项编码“{item_code}”无效：应为 1 至 64 位字母、数字或 - _ .",
        "en": "Item code '{item_code}' is not valid (1-64 letters, digits, - _ .)",
    },
    "inquiry.material_name": {
        "zh_CN": "第 {position} 项收取材料的名称应为 1 至 {max} 个字",
        "en": "Material {position} needs a name of 1 to {max} characters",
    },
    "inquiry.material_quantity": {
        "zh_CN": "材料“{name}”的份数 {quantity} 无效：应为 1 至 {max} 份",
        "en": "Material '{name}': {quantity} copies is not valid; 1 to {max}",
    },
    "inquiry.materials_count": {
        "zh_CN": "收取材料最多登记 {max} 项，现有 {count} 项",
        "en": "At most {max} materials can be logged; there are {count}",
    },
    "inquiry.contact_required": {
        "zh_CN": "请填写咨询人的联系电话：{reason}",
        "en": "Enter the person's phone number: {reason_en}",
    },
    # --- core: steps of an inquiry --------------------------------------------------------
    "inquiry.transition_forbidden": {
        "zh_CN": "咨询 {number} 当前为“{state}”，不能{step}",
        "en": "Inquiry {number} is {state_en}; it cannot be {step_en}",
    },
    "inquiry.bad_number": {
        "zh_CN": "“{text}”不是咨询编号（应如 SW2026-03-0001）",
        "en": "'{text}' is not an inquiry number (like SW2026-03-0001)",
    },
    "inquiry.text_required": {
        "zh_CN": "请填写{what}（1 至 {max} 个字）",
        "en": "Enter the {what_en} (1 to {max} characters)",
    },
    "inquiry.reply_days": {
        "zh_CN": "答复期限 {days} 个工作日无效：应为 1 至 {max} 个工作日",
        "en": "A reply within {days} working days is not valid: 1 to {max}",
    },
    "inquiry.reply_in_past": {
        "zh_CN": "承诺答复日期 {reply} 早于今天（{today}）",
        "en": "The promised reply date {reply} is before today ({today})",
    },
    "inquiry.refer_target": {
        "zh_CN": "转办时请选择一位同事或一个部门（只选一个）",
        "en": "Refer to one colleague or one department (exactly one)",
    },
    "inquiry.refer_self": {
        "zh_CN": "不能转办给自己（{staff_no}）",
        "en": "An inquiry cannot be referred to oneself ({staff_no})",
    },
    "inquiry.referral_absent": {
        "zh_CN": "{staff_no} 不在岗（至 {until}），也没有在岗的 B 岗代为接收，不能转办",
        "en": "{staff_no} is away (until {until}) and no B of theirs is present to receive "
        "it; the referral is refused",
    },
    "inquiry.not_yours": {
        "zh_CN": "咨询 {number} 应由 {responsible} 处理，您既不是本人也不是其代岗人",
        "en": "Inquiry {number} is for {responsible} to handle; you are neither them nor "
        "covering for them",
    },
    # --- core: AB岗 posts and absences ---------------------------------------------------
    "post.bad_name": {
        "zh_CN": "岗位“{post}”无效：应为 window:窗口号 或 role:角色（如 role:guide）",
        "en": "Post '{post}' is not valid: window:<number> or role:<name> (role:guide)",
    },
    "post.staff_required": {
        "zh_CN": "岗位 {post} 需要指定 A 岗和 B 岗工号",
        "en": "Post {post} needs the staff numbers of both A and B",
    },
    "post.same_person": {
        "zh_CN": "岗位 {post} 的 A 岗和 B 岗不能是同一人（{staff_no}）",
        "en": "Post {post}: A and B cannot be the same person ({staff_no})",
    },
    "absence.kind": {
        "zh_CN": "不在岗类型“{kind}”无效，应为请假、会议、培训或其他",
        "en": "Absence kind '{kind}' is not one of leave, meeting, training, other",
    },
    "absence.ends_before_start": {
        "zh_CN": "不在岗的结束时间 {end} 不晚于开始时间 {start}",
        "en": "The absence ends at {end}, not after it starts at {start}",
    },
    "absence.overlaps": {
        "zh_CN": "{staff_no} 在 {start} 至 {end} 已登记不在岗，与本次时间重叠",
        "en": "{staff_no} is already away from {start} to {end}; the absences overlap",
    },
    "absence.note": {
        "zh_CN": "备注最多 {max} 个字",
        "en": "The note may have at most {max} characters",
    },
    # --- core: roster and department files (line 1 is the header) ------------------------
    "roster_csv.unreadable": {
        "zh_CN": "无法读取文件：{detail}",
        "en": "The file cannot be read: {detail}",
    },
    "roster_csv.empty": {
        "zh_CN": "文件中没有任何数据行：第一行应为表头，其后每行一条",
        "en": "The file has no rows: the first line is the header, then one row each",
    },
    "roster_csv.header": {
        "zh_CN": "第 {line} 行（表头）缺少“{column}”列",
        "en": "Line {line} (the header) lacks the column '{column}'",
    },
    "roster_csv.bad_date": {
        "zh_CN": "第 {line} 行：日期“{value}”无效",
        "en": "Line {line}: '{value}' is not a date",
    },
    "roster_csv.unknown_staff": {
        "zh_CN": "第 {line} 行：没有在职的工作人员“{value}”",
        "en": "Line {line}: there is no active staff member '{value}'",
    },
    "roster_csv.unknown_window": {
        "zh_CN": "第 {line} 行：没有窗口“{value}”",
        "en": "Line {line}: there is no window '{value}'",
    },
    "roster_csv.bad_shift": {
        "zh_CN": "第 {line} 行：班次“{value}”无效，应为上午、下午或全天（am、pm、day）",
        "en": "Line {line}: shift '{value}' is not am, pm or day",
    },
    "roster_csv.double_booked": {
        "zh_CN": "第 {line} 行：{staff_no} 在 {day} 已排班（第 {first_line} 行），班次重叠",
        "en": "Line {line}: {staff_no} is already on duty on {day} (line {first_line}) in "
        "an overlapping shift",
    },
    "departments_csv.name": {
        "zh_CN": "第 {line} 行：部门名称应为 1 至 {max} 个字",
        "en": "Line {line}: a department's name has 1 to {max} characters",
    },
    "departments_csv.phone": {
        "zh_CN": "第 {line} 行：电话“{value}”无效",
        "en": "Line {line}: '{value}' is not a phone number",
    },
    "departments_csv.too_long": {
        "zh_CN": "第 {line} 行：{column}最多 {max} 个字",
        "en": "Line {line}: the {column_en} may have at most {max} characters",
    },
    "departments_csv.duplicate": {
        "zh_CN": "第 {line} 行：部门“{name}”已在第 {first_line} 行出现",
        "en": "Line {line}: department '{name}' already appears on line {first_line}",
    },
}

#: (zh_CN, en) names of an inquiry's states, as messages and lists show them.
INQUIRY_STATE_NAMES: dict[str, tuple[str, str]] = {
    "open": ("待处理", "open"),
    "answered": ("已当场答复", "answered on the spot"),
    "guided": ("已引导至他处", "guided elsewhere"),
    "follow_up": ("待答复", "awaiting a reply"),
    "referred": ("已转办", "referred"),
    "in_hand": ("承办中", "in hand"),
    "replied": ("已答复", "replied"),
    "closed": ("已办结", "closed"),
}

#: (zh_CN, en) names of the steps, as "cannot <step>" reads them.
INQUIRY_STEP_NAMES: dict[str, tuple[str, str]] = {
    "answer": ("当场答复", "answered"),
    "guide": ("引导至他处", "guided elsewhere"),
    "follow_up": ("约定答复", "taken for a follow-up"),
    "refer": ("转办", "referred"),
    "accept": ("接收", "accepted"),
    "hand_back": ("退回", "handed back"),
    "reply": ("答复", "replied to"),
    "close": ("办结", "closed"),
}

#: (zh_CN, en) names of the texts a step asks for (inquiry.text_required).
INQUIRY_TEXT_NAMES: dict[str, tuple[str, str]] = {
    "answer": ("答复内容", "answer"),
    "reply": ("答复内容", "reply"),
    "reason": ("退回原因", "reason for handing it back"),
    "body": ("引导去往的单位", "body the person is sent to"),
    "note": ("备注", "note"),
}

#: (zh_CN, en) why a phone number is needed (inquiry.contact_required).
CONTACT_REASONS: dict[str, tuple[str, str]] = {
    "phone": ("电话咨询须登记来电号码", "a phone inquiry needs the caller's number"),
    "follow_up": ("约定答复须能联系到咨询人", "a follow-up needs a way to reach the person"),
}

#: (zh_CN, en) names of the kinds of absence.
ABSENCE_KIND_NAMES: dict[str, tuple[str, str]] = {
    "leave": ("请假", "leave"),
    "meeting": ("会议", "meeting"),
    "training": ("培训", "training"),
    "other": ("其他", "other"),
}

# --- flow: the inquiry, cover and report services, desk-admin (services/inquiries.py,
# services/cover.py, services/inquiry_reports.py, cli.py) ------------------------------------
FLOW_MESSAGES: dict[str, dict[str, str]] = {
    "inquiry.not_found": {
        "zh_CN": "没有找到咨询 {number}（若刚在其他电脑登记，请稍候同步后再试）",
        "en": "Inquiry {number} was not found (logged on another PC a moment ago? try "
        "again after the next sync)",
    },
    "inquiry.other_hall": {
        "zh_CN": "咨询 {number} 属于其他大厅（{hall}），本大厅无法处理",
        "en": "Inquiry {number} belongs to another hall ({hall})",
    },
    "inquiry.unknown_staff": {
        "zh_CN": "本大厅没有在职的工作人员 {staff_no}",
        "en": "There is no active staff member {staff_no} in this hall",
    },
    "inquiry.unknown_department": {
        "zh_CN": "大厅部门通讯录中没有“{department}”",
        "en": "'{department}' is not in the hall's directory of departments",
    },
    "inquiry.field_too_long": {
        "zh_CN": "{field}最多 {max} 个字",
        "en": "The {field_en} may have at most {max} characters",
    },
    "inquiry.not_applied": {
        "zh_CN": "咨询 {number} 未能记录：{reason}",
        "en": "Inquiry {number} could not be recorded: {reason}",
    },
    "absence.not_allowed": {
        "zh_CN": "只有本人或主任可以登记、取消 {staff_no} 的不在岗",
        "en": "Only {staff_no} themself or a supervisor may record or cancel this absence",
    },
    "absence.unknown_staff": {
        "zh_CN": "本大厅没有在职的工作人员 {staff_no}，不能登记不在岗",
        "en": "There is no active staff member {staff_no}; no absence can be recorded",
    },
    "absence.not_found": {
        "zh_CN": "没有找到该不在岗记录（{id}），或已被取消",
        "en": "The absence {id} was not found, or was cancelled already",
    },
    "absence.not_applied": {
        "zh_CN": "不在岗未能记录：{reason}",
        "en": "The absence could not be recorded: {reason}",
    },
    "post.not_supervisor": {
        "zh_CN": "只有主任或管理员可以设置 AB 岗",
        "en": "Only a supervisor or an administrator may set the A and B of a post",
    },
    "post.unknown_staff": {
        "zh_CN": "岗位 {post}：本大厅没有在职的工作人员 {staff_no}",
        "en": "Post {post}: there is no active staff member {staff_no}",
    },
    "post.unknown_window": {
        "zh_CN": "岗位 {post}：本大厅没有 {window} 号窗口",
        "en": "Post {post}: the hall has no window {window}",
    },
    "cover_file.unreadable": {
        "zh_CN": "无法读取文件 {file}：{detail}",
        "en": "Cannot read the file {file}: {detail}",
    },
    "cover_file.not_utf8": {
        "zh_CN": "文件 {file} 不是 UTF-8 编码：请在 Excel 中“另存为 CSV UTF-8”",
        "en": "The file {file} is not UTF-8: save it as 'CSV UTF-8' in Excel",
    },
    "roster.invalid": {
        "zh_CN": "排班文件有 {count} 处问题，未导入任何排班：",
        "en": "The roster file has {count} problems; nothing was imported:",
    },
    "roster.imported": {
        "zh_CN": "已导入排班 {count} 条（所列日期的原排班已替换）",
        "en": "Imported {count} roster rows (the days it names were replaced)",
    },
    "roster.not_supervisor": {
        "zh_CN": "只有主任或管理员可以修改排班",
        "en": "Only a supervisor or an administrator may change the roster",
    },
    "roster.unknown_staff": {
        "zh_CN": "本大厅没有在职的工作人员“{staff_no}”，排班未修改",
        "en": "There is no active staff member '{staff_no}'; the roster is unchanged",
    },
    "roster.unknown_window": {
        "zh_CN": "本大厅没有 {window} 号窗口，排班未修改",
        "en": "The hall has no window {window}; the roster is unchanged",
    },
    "roster.bad_shift": {
        "zh_CN": "班次“{value}”无效，应为上午、下午或全天；排班未修改",
        "en": "Shift '{value}' is not morning, afternoon or all day; the roster is unchanged",
    },
    "roster.double_booked": {
        "zh_CN": "{staff_no} 在 {day} 已有重叠的班次，同一时间只能在一个窗口；排班未修改",
        "en": "{staff_no} is already on duty on {day} in an overlapping shift; "
        "the roster is unchanged",
    },
    "roster.changed": {
        "zh_CN": "{day} 的排班刚被他人修改，已重新读取；请核对后再操作，本次修改未保存",
        "en": "Someone else has just changed the roster of {day}; it was read again. "
        "Check it and try again: this change was not saved",
    },
    "roster.bad_span": {
        "zh_CN": "排班导出期间无效：{start} 至 {end}（开始不能晚于结束，最长 {max} 天）",
        "en": "The roster period {start} to {end} is not valid (start before end, at most "
        "{max} days)",
    },
    "roster.exported": {
        "zh_CN": "已导出排班 {count} 条到 {file}",
        "en": "{count} roster rows written to {file}",
    },
    "roster.copy_same_day": {
        "zh_CN": "复制的目标日期与原日期相同（{day}），排班未修改",
        "en": "The copy's day is the same as the roster's own ({day}); nothing was changed",
    },
    "roster.copy_empty": {
        "zh_CN": "{day} 没有排班，没有可复制的内容",
        "en": "{day} has no roster to copy",
    },
    "departments.invalid": {
        "zh_CN": "部门文件有 {count} 处问题，未导入任何部门：",
        "en": "The departments file has {count} problems; nothing was imported:",
    },
    "departments.imported": {
        "zh_CN": "已导入部门 {count} 个（替换原通讯录）",
        "en": "Imported {count} departments (the directory was replaced)",
    },
    "report.bad_range": {
        "zh_CN": "统计期间无效：{start} 至 {end}（开始不能晚于结束，最长 {max} 天）",
        "en": "The period {start} to {end} is not valid (start before end, at most {max} days)",
    },
    "report.summary": {
        "zh_CN": "{start} 至 {end}：登记咨询 {logged} 件；转办用时中位数 {median} 小时，"
        "90% 在 {p90} 小时内；逾期未答复 {overdue} 件",
        "en": "{start} to {end}: {logged} inquiries logged; referral turnaround median "
        "{median} h, 90th percentile {p90} h; {overdue} follow-ups overdue",
    },
    "report.unwritable": {
        "zh_CN": "无法写入文件 {file}：{detail}",
        "en": "Cannot write the file {file}: {detail}",
    },
    "report.exported": {
        "zh_CN": "已导出 {rows} 行到 {file}",
        "en": "Exported {rows} rows to {file}",
    },
}
MESSAGES.update(FLOW_MESSAGES)
