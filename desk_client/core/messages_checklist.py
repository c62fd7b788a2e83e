"""Messages of the checklist part of issue 4 (zh_CN and en); merged into core.messages.MESSAGES.

The core rules raise these: identity and phone numbers, the applicant, the ticks, the one-time
rule, notice numbers and the working-day calendar. A message never quotes a full resident ID
number, only its masked form.
"""

from __future__ import annotations

MESSAGES: dict[str, dict[str, str]] = {
    # resident ID number (GB 11643)
    "id.length": {
        "zh_CN": "身份证号码应为18位，输入的是{length}位",
        "en": "A resident ID number has 18 characters; this one has {length}",
    },
    "id.characters": {
        "zh_CN": "身份证号码第{position}位“{char}”无效：前17位应为数字，最后一位为数字或X",
        "en": (
            "Character {position} ('{char}') of the resident ID number is not allowed: "
            "17 digits, then a digit or X"
        ),
    },
    "id.birth_date": {
        "zh_CN": "身份证号码中的出生日期 {birth} 无效（应为1900年以后、不晚于今天的真实日期）",
        "en": "The birth date {birth} in the resident ID number is not a real date between "
        "1900 and today",
    },
    "id.checksum": {
        "zh_CN": "身份证号码 {number} 校验位不正确：应为 {expected}，请核对号码",
        "en": "Resident ID number {number} fails its check: the last character should be "
        "{expected}; check the number",
    },
    # unified social credit code (GB 32100)
    "credit.length": {
        "zh_CN": "统一社会信用代码应为18位，输入的是{length}位",
        "en": "A unified social credit code has 18 characters; this one has {length}",
    },
    "credit.characters": {
        "zh_CN": (
            "统一社会信用代码第{position}位“{char}”无效："
            "只能是数字和除 I、O、Z、S、V 以外的大写字母"
        ),
        "en": (
            "Character {position} ('{char}') of the unified social credit code is not allowed: "
            "digits and capital letters except I, O, Z, S, V"
        ),
    },
    "credit.checksum": {
        "zh_CN": "统一社会信用代码 {number} 校验位不正确：应为 {expected}，请核对代码",
        "en": "Unified social credit code {number} fails its check: the last character should be "
        "{expected}; check the code",
    },
    # phone
    "phone.invalid": {
        "zh_CN": "电话号码“{phone}”无效：请填写11位手机号或带区号的固定电话（如 0591-87654321）",
        "en": (
            "Phone number '{phone}' is not valid: enter an 11-digit mobile number or a "
            "landline with its area code (e.g. 0591-87654321)"
        ),
    },
    # the applicant
    "applicant.name_empty": {"zh_CN": "请填写申请人名称", "en": "Enter the applicant's name"},
    "applicant.name_too_long": {
        "zh_CN": "申请人名称过长：{length}个字，最多{limit}个字",
        "en": "The applicant's name is too long: {length} characters, at most {limit}",
    },
    "applicant.name_characters": {
        "zh_CN": "申请人名称含有不可打印的字符（{char}）",
        "en": "The applicant's name contains a character that cannot be printed ({char})",
    },
    "applicant.contact_required": {
        "zh_CN": "单位申请须填写联系人",
        "en": "An organisation must name a contact person",
    },
    "applicant.contact_too_long": {
        "zh_CN": "联系人过长：{length}个字，最多{limit}个字",
        "en": "The contact person is too long: {length} characters, at most {limit}",
    },
    "applicant.contact_characters": {
        "zh_CN": "联系人含有不可打印的字符（{char}）",
        "en": "The contact person contains a character that cannot be printed ({char})",
    },
    "applicant.phone_required": {
        "zh_CN": "请填写申请人联系电话",
        "en": "Enter the applicant's phone number",
    },
    # the ticks
    "checklist.unknown_material": {
        "zh_CN": "本事项没有材料“{material}”",
        "en": "This item has no material '{material}'",
    },
    "checklist.missing_tick": {
        "zh_CN": "材料“{material}”尚未核对：请选择齐全、缺少、不符合要求或不适用",
        "en": "Material '{material}' is not checked yet: mark it present, missing, "
        "not conforming or not applicable",
    },
    "checklist.duplicate": {
        "zh_CN": "材料“{material}”核对了两次",
        "en": "Material '{material}' is checked twice",
    },
    "checklist.reason_required": {
        "zh_CN": "材料“{material}”不符合要求，请写明原因",
        "en": "Material '{material}' does not conform: write down why",
    },
    "checklist.reason_too_long": {
        "zh_CN": "材料“{material}”的原因过长：{length}个字，最多{limit}个字",
        "en": "The reason for material '{material}' is too long: {length} characters, "
        "at most {limit}",
    },
    "checklist.not_conditional": {
        "zh_CN": "材料“{material}”是必需材料，不能选“不适用”",
        "en": "Material '{material}' is always required; it cannot be 'not applicable'",
    },
    "checklist.new_demand": {
        "zh_CN": "材料“{material}”不在上次的一次性告知单中：须经负责人批准并写明理由才能要求补交",
        "en": "Material '{material}' was not on the earlier one-time notice: asking for it "
        "needs a supervisor's approval with a written reason",
    },
    # notice numbers
    "notice.bad_number": {
        "zh_CN": "“{text}”不是告知单编号（应如 GZ2026-03-0012），请重新输入或扫描",
        "en": "'{text}' is not a notice number (like GZ2026-03-0012); type or scan it again",
    },
    # the working-day calendar
    "calendar.missing": {
        "zh_CN": "没有{year}年的节假日安排：请负责人先录入该年的节假日和调休",
        "en": "There is no holiday calendar for {year}: a supervisor must enter that year's "
        "holidays and swapped days first",
    },
}
