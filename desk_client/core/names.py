"""A person's name as a slip or a screen the public can see shows it: 张*, 欧阳**.

A printed slip leaves the hall in a citizen's pocket and is often thrown away; the name on it
only has to let the person recognise their own slip, so the surname stays and every other
character becomes a star, one star per character (as banks and couriers print it). Two-
character surnames (复姓) stay whole when the name is long enough to have a given name after
them; separators (the · of 买买提·艾力, a space in a foreign name) stay so the shape reads.
"""

from __future__ import annotations

#: The 复姓 still met at a window (the 百家姓 list, trimmed to those in use today).
COMPOUND_SURNAMES = frozenset((
    "欧阳", "司马", "诸葛", "上官", "东方", "皇甫", "尉迟", "公孙", "慕容", "长孙", "宇文", "司徒",
    "司空", "夏侯", "轩辕", "令狐", "钟离", "端木", "澹台", "公冶", "宗政", "濮阳", "淳于", "单于",
    "太叔", "申屠", "仲孙", "闻人", "赫连", "呼延", "南宫", "东郭", "西门", "百里", "独孤", "万俟",
    "拓跋", "第五", "左丘", "梁丘", "谷梁", "公羊", "乐正", "漆雕", "壤驷", "巫马", "司寇", "亓官",
    "鲜于", "羊舌", "微生", "段干", "呼衍",
))  # fmt: skip
#: Kept as they are: they separate the parts of a name and say nothing about the person.
SEPARATORS = frozenset(" ·•‧・.-")


def surname_length(name: str) -> int:
    """1, or 2 for a 复姓 followed by at least one more character (欧阳娜娜, not 欧阳 alone)."""
    return 2 if len(name) > 2 and name[:2] in COMPOUND_SURNAMES else 1


def mask_name(name: str) -> str:
    """张三 -> 张*, 欧阳娜娜 -> 欧阳**, 买买提·艾力 -> 买**·**; a one-character name -> *.

    Idempotent (张* stays 张*), so a display masked once can be masked again safely.
    """
    text = name.strip()
    if len(text) <= 1:
        return "*" * len(text)
    keep = surname_length(text)
    hidden = (ch if ch in SEPARATORS else "*" for ch in text[keep:])
    return text[:keep] + "".join(hidden)
