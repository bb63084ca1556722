//! `--help` in the user's language. clap's derive takes its help from the
//! doc comments, in English; before parsing, the command tree is walked and
//! each command's description and each option's help replaced from these
//! tables: by the option's id, or by command path and id where the same
//! option means something else in one command. An option without a doc
//! comment gets its English help here too, so every option is described.

use clap::{Arg, ArgAction, Command};

use crate::lang::Lang;

/// (command path, Chinese description); the English is the doc comment.
const COMMANDS: &[(&str, &str)] = &[
    (
        "",
        "关工委工作站：区关工委及其下属组织的单位、五老、会议、活动与积分",
    ),
    ("init", "新建数据库（空的区，或演示数据）"),
    ("demo", "打开演示数据库（首次使用时创建）"),
    ("units", "显示单位层级"),
    ("unit", "添加、改名、移动或撤销单位"),
    ("unit add", "在上级单位下添加单位"),
    ("unit rename", "单位改名"),
    ("unit move", "把单位移到另一个上级单位下"),
    ("unit archive", "撤销单位（软删除，历史记录中保留）"),
    ("history", "审计日志：何时、何人、做了什么、改前改后"),
    (
        "people",
        "五老名册：列表、查看、登记、除名、谈心谈话、表彰、导入、导出",
    ),
    ("people list", "名册列表，身份证号和电话打码"),
    (
        "people under-active",
        "活动不足的五老全部名单：在册、近 --months 个月内既无谈话也无工作记录、且在此之前入列（报告只列前几名）",
    ),
    ("people show", "某人的卡片，含完整身份证号和电话"),
    ("people add", "登记人员；加 --category 则登记为五老"),
    ("people strike-off", "五老除名"),
    ("people talk", "记录谈心谈话"),
    ("people honour", "添加表彰，如 先进典型"),
    (
        "people reregister",
        "标记重新登记：所列人员，或 --unit 内全部在册五老",
    ),
    (
        "people import",
        "导入名册（UTF-8 的 CSV，或 XLSX）：要么全部导入，要么一行不导",
    ),
    (
        "people export",
        "导出五老名册（带序号）；身份证号和电话打码，除非加 --unmasked",
    ),
    ("position", "班子：任命、结束任期、列表"),
    ("position add", "任命某人担任单位班子的职务"),
    ("position end", "结束任期"),
    ("position list", "班子列表，默认只列在任的"),
    ("reserve", "单位班子各职务的后备人选"),
    ("reserve add", "把某人列为单位某职务的后备人选"),
    (
        "reserve list",
        "某单位及其下属单位的后备人选（不加 --unit 则全部）",
    ),
    (
        "reserve remove",
        "从后备名单中移除一条（编号见 ggw reserve list）",
    ),
    (
        "report",
        "某一时期、某部分层级的统计：人员与班子、会议、出席、任务",
    ),
    (
        "check",
        "解码每条记录、检查每个索引；发现故障时以非零状态退出",
    ),
    ("serve", "独占数据库，通过 Unix 套接字为每位用户的 ggw 服务"),
    ("account", "谁可以使用服务器：带角色和单位的账号"),
    ("account list", "账号列表"),
    ("account add", "为系统用户开设账号"),
    ("account set", "修改账号的角色或单位"),
    ("account remove", "删除账号"),
    ("meetings", "会议系列、日程、会议记录、iCalendar 导出"),
    ("meetings series", "会议系列：添加、修改、列表"),
    ("meetings series add", "添加会议系列"),
    (
        "meetings series edit",
        "修改会议系列：只改所给的项；已记录的会议不变",
    ),
    ("meetings series list", "会议系列列表"),
    (
        "meetings list",
        "两个日期之间的会议：地点、规则日期，以及与实际日期不同的原因",
    ),
    (
        "meetings show",
        "一次会议：详情、出席、议程、纪要、参会人员的未完成任务",
    ),
    (
        "meetings record",
        "记录会议情况：已召开、改期、取消、纪要、决定事项",
    ),
    ("meetings attend", "登记出席：出席、缺席（附原因）或代会"),
    (
        "meetings export",
        "把现行会议系列写成 iCalendar 文件，供手机和电脑日历使用",
    ),
    ("tasks", "会议交办的任务：列表、添加、完成、撤销、进展"),
    ("tasks list", "按负责人列出任务，逾期的在前"),
    (
        "tasks add",
        "添加任务，可注明来自哪次会议（及纪要中的哪一行）",
    ),
    ("tasks done", "标记任务完成"),
    ("tasks drop", "撤销任务，附原因"),
    ("tasks note", "添加进展记录"),
    ("tasks reopen", "重新打开已完成或已撤销的任务"),
    (
        "tasks void",
        "作废误录的任务：保留并记入审计日志，不计入任何统计",
    ),
    ("tasks unvoid", "恢复已作废的任务（仅管理员）"),
    (
        "people void",
        "作废误录的人员记录（如重复登记）：保留并记入审计日志，不计入任何统计；与除名不同",
    ),
    ("people unvoid", "恢复已作废的人员记录（仅管理员）"),
    (
        "meetings void",
        "作废误录的会议记录：会议系列照常显示这次会议，如同未记录",
    ),
    ("meetings unvoid", "恢复已作废的会议记录（仅管理员）"),
    (
        "repair",
        "把 ggw check 指出的损坏记录移入隔离区（仅管理员）",
    ),
    (
        "backup",
        "把整个数据库写成一个文件（gzip 压缩的 JSON Lines），或核对这样的文件",
    ),
    ("restore", "从备份文件恢复出一个新数据库（--db 须是新目录）"),
    ("activities", "活动：登记、列表、导入、导出"),
    ("activities add", "登记一次活动，显示其编号"),
    ("trainings", "培训：登记、列表、导入、导出"),
    (
        "trainings add",
        "登记一期培训（参训人员名单，或只记人次），显示其编号",
    ),
    ("visits", "下村工作：登记、列表、导入、导出"),
    ("visits add", "登记一次下村工作，显示其编号"),
    ("studybase", "研学：登记、列表、导入、导出"),
    ("studybase add", "登记一次研学，显示其编号"),
    ("activities list", "活动列表，最早的在前"),
    (
        "activities import",
        "导入活动（UTF-8 的 CSV，或 XLSX）：要么全部导入，要么一行不导",
    ),
    (
        "activities export",
        "把活动导出为 CSV 或 XLSX，列与导入相同",
    ),
    ("trainings list", "培训列表，最早的在前"),
    (
        "trainings import",
        "导入培训（UTF-8 的 CSV，或 XLSX）：要么全部导入，要么一行不导",
    ),
    ("trainings export", "把培训导出为 CSV 或 XLSX，列与导入相同"),
    ("visits list", "下村工作列表，最早的在前"),
    (
        "visits import",
        "导入下村工作（UTF-8 的 CSV，或 XLSX）：要么全部导入，要么一行不导",
    ),
    (
        "visits export",
        "把下村工作导出为 CSV 或 XLSX，列与导入相同",
    ),
    ("studybase list", "研学列表，最早的在前"),
    (
        "studybase import",
        "导入研学（UTF-8 的 CSV，或 XLSX）：要么全部导入，要么一行不导",
    ),
    ("studybase export", "把研学导出为 CSV 或 XLSX，列与导入相同"),
];

/// (option id, Chinese, English): what an option means wherever it appears.
const ARGS: &[(&str, &str, &str)] = &[
    (
        "db",
        "数据库目录［默认：$GGW_DB，否则 ~/.local/share/ggw/ggw.db］",
        "",
    ),
    ("lang", "提示语言：zh（默认）或 en", ""),
    (
        "cache_mb",
        "数据库页缓存，单位 MiB（默认较小，适合旧电脑）",
        "",
    ),
    (
        "keymap",
        "覆盖默认按键的按键文件［默认：~/.config/ggw/keymap.toml］",
        "",
    ),
    (
        "socket",
        "服务器的套接字［默认：$GGW_SOCKET，否则 $XDG_RUNTIME_DIR/ggw/ggw.sock，再否则 /run/ggw/ggw.sock］。有服务器应答时，所有命令都经由它",
        "",
    ),
    (
        "format",
        "输出格式：text（文字，默认）或 json",
        "Output: text (the default) or json",
    ),
    (
        "unit",
        "单位：编号、路径或单位名称",
        "Unit: id, path or unique name",
    ),
    (
        "person",
        "人员：编号、身份证号，或只有一人使用的姓名",
        "Person: id, ID number, or a name only one person has",
    ),
    ("on", "日期，如 2024-03-01", "Date, e.g. 2024-03-01"),
    ("date", "日期，如 2024-03-01", "Date, e.g. 2024-03-01"),
    ("from", "起始日期", "First day"),
    ("to", "截止日期", "Last day"),
    ("name", "名称", "Name"),
    ("short_name", "简称", "Short name"),
    ("title", "标题", "Title"),
    ("notes", "备注", "Notes"),
    ("note", "说明", "Note"),
    ("time", "时间，如 09:00", "Time, e.g. 09:00"),
    ("place", "地点", "Place"),
    (
        "until",
        "最后一次会议不晚于此日期",
        "No meeting after this date",
    ),
    ("count", "共开几次会议", "Number of meetings"),
    ("start", "从此日期开始", "First day of the series"),
    ("due", "完成期限（日期）", "Due date"),
    ("reason", "原因", "Reason"),
    ("text", "进展内容", "What was done"),
    ("id", "编号", "Id"),
    ("user", "用户的系统登录名", "The user's login name"),
    (
        "role",
        "角色：admin（管理员）、operator（录入员）或 viewer（查看者）",
        "Role: admin, operator or viewer",
    ),
    ("series", "会议系列：编号或标题", "Series: id or title"),
    ("output", "写入的文件", "File to write"),
    ("seed", "随机种子", "Random seed"),
    ("scale", "规模", "Scale"),
    ("upto", "生成到此类记录为止", "Stop after this record kind"),
    (
        "mixed",
        "随机增改移撤",
        "Random creates, renames, moves and archives",
    ),
    ("all", "包括全部", "Include everything"),
];

/// (command path, option id, Chinese, English) where the meaning is the
/// command's own; an empty English keeps the doc comment.
const ARGS_AT: &[(&str, &str, &str, &str)] = &[
    ("init", "district", "区级单位名称，如 爱辉区", ""),
    ("init", "demo", "改为填入演示数据", ""),
    ("units", "all", "包括已撤销的单位", ""),
    (
        "unit add",
        "parent",
        "上级单位：编号、路径或单位名称，如 爱辉区/四嘉子乡",
        "",
    ),
    (
        "unit add",
        "kind",
        "类型：区/乡镇/街道/教体局/村屯/社区/学校/其他，或 district、township 等",
        "",
    ),
    ("unit add", "name", "单位名称", "The unit's name"),
    ("unit add", "short_name", "简称", "Short name"),
    ("unit rename", "name", "新名称", "The new name"),
    ("unit move", "to", "新的上级单位：编号、路径或单位名称", ""),
    (
        "history",
        "unit",
        "只看此单位的改动（编号、路径或单位名称，已撤销的也可）",
        "",
    ),
    (
        "history",
        "limit",
        "最多显示几条，最新的在前（0 = 全部）",
        "",
    ),
    (
        "people list",
        "unit",
        "此单位及其下属单位（编号、路径或单位名称）",
        "",
    ),
    (
        "people list",
        "category",
        "类别：老干部/老战士/老专家/老教师/老模范，或 cadre/veteran/expert/teacher/model",
        "",
    ),
    (
        "people list",
        "status",
        "状态：active（在册）或 removed（已除名）",
        "Status: active (on the roll) or removed (struck off)",
    ),
    (
        "people list",
        "search",
        "姓名、姓名的一部分或拼音首字母",
        "",
    ),
    ("people list", "all", "包括不是五老的班子成员", ""),
    (
        "people under-active",
        "unit",
        "此单位及其下属单位（编号、路径或单位名称）",
        "",
    ),
    (
        "people under-active",
        "months",
        "无谈话和工作记录的月数",
        "",
    ),
    ("people under-active", "to", "截至日期［默认：今天］", ""),
    ("people add", "name", "姓名", "Full name"),
    ("people add", "unit", "所属单位：编号、路径或单位名称", ""),
    (
        "people add",
        "category",
        "五老类别：老干部/老战士/老专家/老教师/老模范；不填则不作为五老登记",
        "Elder category: cadre, veteran, expert, teacher or model (or 老干部, …); without it, not registered as an elder",
    ),
    (
        "people add",
        "source",
        "来源：组织部/人社局/退役军人事务局/教育系统/其他",
        "",
    ),
    ("people add", "joined", "入列日期", "Date joined the roll"),
    ("people add", "gender", "性别：男/女", ""),
    ("people add", "birth", "出生日期", "Date of birth"),
    ("people add", "id_number", "身份证号", "ID number"),
    ("people add", "phone", "联系电话", "Phone number"),
    ("people add", "core", "五老骨干", ""),
    ("people add", "notes", "备注", "Notes"),
    ("people strike-off", "on", "除名日期", "Date struck off"),
    (
        "people strike-off",
        "reason",
        "除名原因：只挂名无作为/身体原因/去世/迁出/本人申请/其他",
        "",
    ),
    (
        "people strike-off",
        "note",
        "补充说明",
        "A note on the reason",
    ),
    ("people talk", "on", "谈话日期", "Date of the talk"),
    ("people talk", "by", "谈话人", ""),
    ("people talk", "summary", "谈话内容摘要", "What was said"),
    (
        "people talk",
        "outcome",
        "结论：保留/观察/除名（keep/watch/strike-off）",
        "",
    ),
    (
        "people honour",
        "title",
        "表彰名称，如 先进典型",
        "Title, e.g. 先进典型",
    ),
    (
        "people honour",
        "level",
        "级别：区级/市级/省级/国家级/其他",
        "",
    ),
    ("people honour", "on", "表彰日期", "Date of the honour"),
    (
        "people reregister",
        "people",
        "人员（编号、身份证号或姓名），可列多个",
        "People (id, ID number or name), one or more",
    ),
    (
        "people reregister",
        "unit",
        "此单位内全部在册五老",
        "Everyone on the roll in this unit",
    ),
    (
        "people reregister",
        "on",
        "重新登记日期",
        "Date re-registered",
    ),
    (
        "people import",
        "file",
        "名册文件（CSV 或 XLSX）",
        "The roster file (CSV or XLSX)",
    ),
    (
        "people import",
        "check",
        "只检查文件并报告问题，不写入（检查本身记入审计日志）",
        "",
    ),
    (
        "people import",
        "allow_namesakes",
        "导入与已登记（无身份证号、无出生日期）人员逐项相同的行（否则视为同一文件重复导入而拒绝）",
        "",
    ),
    (
        "people export",
        "format",
        "csv 或 xlsx［默认：看文件扩展名，否则 csv］",
        "",
    ),
    (
        "people export",
        "unit",
        "此单位及其下属单位（编号、路径或单位名称）",
        "",
    ),
    (
        "people export",
        "status",
        "在册五老（active，默认）或已除名五老（removed）",
        "",
    ),
    (
        "people export",
        "all",
        "全部人员：在册和已除名的五老，以及不是五老的班子成员（完整副本，可再导入）",
        "",
    ),
    (
        "people export",
        "unmasked",
        "完整的身份证号和电话（用于再导入或上报）",
        "",
    ),
    (
        "people export",
        "output",
        "导出的文件，.csv 或 .xlsx",
        "File to write, .csv or .xlsx",
    ),
    (
        "position add",
        "role",
        "职务：主任、常务副主任、副主任、秘书长、成员、联络员（或 director、executive-deputy 等）",
        "",
    ),
    ("position add", "from", "任职日期", "Date the term begins"),
    ("position add", "doc", "任职文号", ""),
    ("position add", "area", "分工，如 创典型", ""),
    ("position end", "id", "任职编号（见 ggw position list）", ""),
    ("position end", "on", "免职日期", "Date the term ends"),
    (
        "position list",
        "all",
        "包括已结束的任期",
        "Include ended terms",
    ),
    (
        "reserve add",
        "role",
        "职务：主任、常务副主任、副主任、秘书长、成员、联络员（或 director 等）",
        "",
    ),
    ("reserve add", "on", "单位记录的日期［默认：今天］", ""),
    (
        "reserve remove",
        "id",
        "名单条目编号（见 ggw reserve list）",
        "The entry's id (see ggw reserve list)",
    ),
    ("report", "from", "起始日期［默认：今年 1 月 1 日］", ""),
    ("report", "to", "截止日期［默认：今年 12 月 31 日］", ""),
    (
        "report",
        "unit",
        "只统计此单位及其下属单位（编号、路径或单位名称）",
        "",
    ),
    (
        "report",
        "months",
        "五老在这么多个月内没有谈心谈话和工作记录即算活动不足",
        "",
    ),
    (
        "report",
        "format",
        "输出格式：text（文字，默认）、json，或 xlsx（须加 -o 文件）",
        "Output: text (the default), json, or xlsx (with -o FILE)",
    ),
    (
        "report",
        "output",
        "写入的文件（xlsx 必需）",
        "File to write (needed for xlsx)",
    ),
    (
        "serve",
        "group",
        "可以连接的用户组（套接字权限为 0660）",
        "",
    ),
    (
        "serve",
        "max_connections",
        "同时服务的连接数上限（所有人合计；管理员另有 8 个）",
        "",
    ),
    ("serve", "max_per_user", "每个用户同时可开的连接数上限", ""),
    (
        "serve",
        "request_memory",
        "正在接收的请求共用的内存，单位 MiB；放不下的请求稍等后被拒绝",
        "",
    ),
    ("repair", "purge", "改为删除此前移入隔离区的记录", ""),
    ("backup", "output", "备份写入的文件（“-”表示标准输出）", ""),
    (
        "backup",
        "verify",
        "读一遍备份文件，报告其中各类记录的数目；不需要数据库",
        "",
    ),
    ("restore", "file", "备份文件", "The backup file"),
    (
        "account add",
        "unit",
        "用户所在单位（编号、路径或单位名称）；管理员默认为区",
        "",
    ),
    (
        "account set",
        "role",
        "新角色：admin、operator 或 viewer",
        "New role: admin, operator or viewer",
    ),
    (
        "account set",
        "unit",
        "新单位：编号、路径或单位名称",
        "New unit: id, path or unique name",
    ),
    (
        "meetings series add",
        "kind",
        "会议类型：主任办公会、工作推进会、全体会议、其他（或 directors-office、progress、plenary、other）",
        "",
    ),
    (
        "meetings series add",
        "title",
        "会议名称",
        "Title of the meetings",
    ),
    (
        "meetings series add",
        "rule",
        "RFC 5545 重复规则，如 FREQ=MONTHLY;BYDAY=1MO（每月第一个周一）",
        "",
    ),
    ("meetings series add", "time", "开始时间，如 09:00", ""),
    (
        "meetings series add",
        "shift",
        "遇周末或节假日：next（顺延，默认）、previous（提前）或 none（不调整）",
        "",
    ),
    (
        "meetings series add",
        "host",
        "主办单位：编号、路径或单位名称［默认：区］",
        "",
    ),
    ("meetings series add", "duration", "时长（分钟）", ""),
    (
        "meetings series add",
        "attendees",
        "参会人员（可重复，或用逗号分隔）",
        "",
    ),
    (
        "meetings series add",
        "invite",
        "按职务邀请：职务@单位（如 director,deputy@爱辉区）或 职务@单位>类型",
        "",
    ),
    ("meetings series add", "agenda", "固定议程（可重复）", ""),
    (
        "meetings series add",
        "report_per_attendee",
        "每位参会人员就议程逐一汇报",
        "",
    ),
    ("meetings series edit", "title", "新名称", "New title"),
    (
        "meetings series edit",
        "rule",
        "新的重复规则（RFC 5545）",
        "",
    ),
    (
        "meetings series edit",
        "time",
        "新的开始时间",
        "New start time",
    ),
    ("meetings series edit", "place", "新地点", "New place"),
    ("meetings series edit", "until", "系列在此日期结束", ""),
    ("meetings series edit", "count", "开满 N 次后结束", ""),
    (
        "meetings series edit",
        "shift",
        "遇周末或节假日：next、previous 或 none",
        "",
    ),
    (
        "meetings series edit",
        "rev",
        "系列已不是此版本时拒绝修改（见 series list）",
        "",
    ),
    ("meetings list", "from", "起始日期", "First day"),
    ("meetings list", "to", "截止日期", "Last day"),
    (
        "meetings show",
        "date",
        "会议日期（规则日期或实际日期）",
        "",
    ),
    ("meetings record", "date", "会议日期", "The meeting's date"),
    ("meetings record", "held", "会议已召开", ""),
    ("meetings record", "postpone_to", "改期到另一日期", ""),
    ("meetings record", "cancel", "取消会议，附原因", ""),
    (
        "meetings record",
        "time",
        "实际时间",
        "The time it was held",
    ),
    (
        "meetings record",
        "place",
        "实际地点",
        "The place it was held",
    ),
    (
        "meetings record",
        "minutes",
        "会议纪要（替换原有内容）；也可用 --minutes-file",
        "",
    ),
    (
        "meetings record",
        "minutes_file",
        "从文件读入会议纪要",
        "Read the minutes from this file",
    ),
    (
        "meetings record",
        "decisions",
        "决定事项（可重复），追加到已有的之后",
        "",
    ),
    ("meetings attend", "date", "会议日期", "The meeting's date"),
    (
        "meetings attend",
        "present",
        "出席人员姓名，逗号分隔或重复",
        "",
    ),
    ("meetings attend", "absent", "姓名:缺席原因，可重复", ""),
    ("meetings attend", "substitute", "姓名:代会人，可重复", ""),
    (
        "meetings export",
        "format",
        "文件格式：ics",
        "File format: ics",
    ),
    (
        "meetings export",
        "output",
        "写入的 .ics 文件",
        "The .ics file to write",
    ),
    ("tasks list", "owner", "只列负责人姓名含此文字的任务", ""),
    ("tasks list", "overdue", "只列逾期任务", ""),
    (
        "tasks list",
        "today",
        "按此日期判断是否逾期［默认：今天］",
        "",
    ),
    (
        "tasks add",
        "title",
        "任务内容；用 --minutes-line 时可不填",
        "",
    ),
    (
        "tasks add",
        "owner",
        "负责人；用 --minutes-line 时默认为该行的发言人",
        "",
    ),
    (
        "tasks add",
        "unit",
        "任务所属单位：编号、路径或单位名称",
        "",
    ),
    (
        "tasks add",
        "series",
        "来自哪次会议：会议系列（编号或标题）……",
        "",
    ),
    ("tasks add", "date", "……及会议日期", ""),
    (
        "tasks add",
        "minutes_line",
        "取会议纪要的第几行作为任务内容（1 = 第一行）",
        "",
    ),
    ("tasks done", "id", "任务编号", "The task's id"),
    ("tasks done", "on", "完成日期", "Date done"),
    ("tasks drop", "id", "任务编号", "The task's id"),
    ("tasks drop", "reason", "撤销原因", "Why it is dropped"),
    ("tasks note", "id", "任务编号", "The task's id"),
    ("tasks reopen", "id", "任务编号", "The task's id"),
    ("tasks void", "id", "任务编号", "The task's id"),
    ("tasks unvoid", "id", "任务编号", "The task's id"),
    ("tasks void", "reason", "作废原因，如 重复录入", ""),
    ("people void", "reason", "作废原因，如 重复登记", ""),
    ("meetings void", "reason", "作废原因，如 录错了日期", ""),
    ("people unvoid", "id", "记录编号（见 ggw history）", ""),
    ("meetings unvoid", "id", "记录编号（见 ggw history）", ""),
    (
        "meetings series add",
        "guests",
        "不在名册上的来宾姓名（可重复，或用逗号分隔）",
        "",
    ),
    (
        "meetings series edit",
        "guests",
        "不在名册上的来宾姓名（可重复，或用逗号分隔）",
        "",
    ),
    ("tasks note", "text", "进展内容", "What was done"),
    ("report", "today", "按此日期判断是否逾期［默认：今天］", ""),
    (
        "activities list",
        "unit",
        "此单位及其下属单位（编号、路径或单位名称）",
        "",
    ),
    (
        "activities import",
        "file",
        "活动文件（CSV 或 XLSX），列名见 README",
        "The file (CSV or XLSX); its columns are in the README",
    ),
    (
        "activities import",
        "check",
        "只检查文件并报告问题，不写入（检查本身记入审计日志）",
        "",
    ),
    (
        "activities export",
        "format",
        "csv 或 xlsx［默认：看文件扩展名，否则 csv］",
        "",
    ),
    (
        "activities export",
        "unit",
        "此单位及其下属单位（编号、路径或单位名称）",
        "",
    ),
    (
        "trainings list",
        "unit",
        "此单位及其下属单位（编号、路径或单位名称）",
        "",
    ),
    (
        "trainings import",
        "file",
        "培训文件（CSV 或 XLSX），列名见 README",
        "The file (CSV or XLSX); its columns are in the README",
    ),
    (
        "trainings import",
        "check",
        "只检查文件并报告问题，不写入（检查本身记入审计日志）",
        "",
    ),
    (
        "trainings export",
        "format",
        "csv 或 xlsx［默认：看文件扩展名，否则 csv］",
        "",
    ),
    (
        "trainings export",
        "unit",
        "此单位及其下属单位（编号、路径或单位名称）",
        "",
    ),
    (
        "visits list",
        "unit",
        "此单位及其下属单位（编号、路径或单位名称）",
        "",
    ),
    (
        "visits import",
        "file",
        "下村工作文件（CSV 或 XLSX），列名见 README",
        "The file (CSV or XLSX); its columns are in the README",
    ),
    (
        "visits import",
        "check",
        "只检查文件并报告问题，不写入（检查本身记入审计日志）",
        "",
    ),
    (
        "visits export",
        "format",
        "csv 或 xlsx［默认：看文件扩展名，否则 csv］",
        "",
    ),
    (
        "visits export",
        "unit",
        "此单位及其下属单位（编号、路径或单位名称）",
        "",
    ),
    (
        "studybase list",
        "unit",
        "此单位及其下属单位（编号、路径或单位名称）",
        "",
    ),
    (
        "studybase import",
        "file",
        "研学文件（CSV 或 XLSX），列名见 README",
        "The file (CSV or XLSX); its columns are in the README",
    ),
    (
        "studybase import",
        "check",
        "只检查文件并报告问题，不写入（检查本身记入审计日志）",
        "",
    ),
    (
        "studybase export",
        "format",
        "csv 或 xlsx［默认：看文件扩展名，否则 csv］",
        "",
    ),
    (
        "studybase export",
        "unit",
        "此单位及其下属单位（编号、路径或单位名称）",
        "",
    ),
    (
        "activities add",
        "unit",
        "组织单位：编号、路径或单位名称",
        "",
    ),
    ("activities add", "title", "活动名称", ""),
    (
        "activities add",
        "theme",
        "活动主题，如 法治进校园（新主题会加入主题列表）",
        "",
    ),
    (
        "activities add",
        "kind",
        "类型：教育/法治宣传/研学/乡村振兴/关爱帮扶/文体/其他，或 education、law 等［默认：其他］",
        "",
    ),
    ("activities add", "online", "线上活动；不加则为线下", ""),
    ("activities add", "youths", "参与青少年人数", ""),
    (
        "activities add",
        "elders",
        "参与五老：编号、身份证号或姓名，用逗号分隔",
        "",
    ),
    (
        "trainings add",
        "unit",
        "组织单位：编号、路径或单位名称",
        "",
    ),
    (
        "trainings add",
        "mode",
        "方式：以会代训/专题培训/分战线培训/网上授课，或 meeting、topical、by-line、online",
        "",
    ),
    ("trainings add", "topic", "培训主题", ""),
    (
        "trainings add",
        "attendees",
        "参训人员：编号、身份证号或姓名，用逗号分隔",
        "",
    ),
    (
        "trainings add",
        "count",
        "参训人次（不记名单时）",
        "Person-times when names are not kept",
    ),
    (
        "visits add",
        "person",
        "下村人员：编号、身份证号，或只有一人使用的姓名",
        "",
    ),
    (
        "visits add",
        "village",
        "所到村屯（或社区）：编号、路径或单位名称",
        "",
    ),
    ("visits add", "purpose", "事由", ""),
    ("visits add", "result", "结果", ""),
    (
        "studybase add",
        "base",
        "研学基地（其单位的编号、路径或名称）",
        "",
    ),
    ("studybase add", "students", "学生人数", ""),
    (
        "studybase add",
        "from",
        "来访学校或组织单位",
        "The visiting school or organiser",
    ),
    ("studybase add", "theme", "研学主题", ""),
];

fn arg_text(path: &str, id: &str) -> Option<(&'static str, &'static str)> {
    ARGS_AT
        .iter()
        .chain(super::sanchuang_help::ARGS_AT)
        .chain(super::scores_help::ARGS_AT)
        .find(|(p, i, _, _)| *p == path && *i == id)
        .map(|(_, _, zh, en)| (*zh, *en))
        .or_else(|| {
            ARGS.iter()
                .find(|(i, _, _)| *i == id)
                .map(|(_, zh, en)| (*zh, *en))
        })
}

/// The language `--help` is written in: `--lang` on the command line if
/// given, else what the environment says, as for every other message.
pub fn lang_of(args: &[std::ffi::OsString]) -> Lang {
    let mut flag = None;
    let mut iter = args.iter().filter_map(|a| a.to_str());
    while let Some(a) = iter.next() {
        if a == "--" {
            break;
        }
        if a == "--lang" {
            flag = iter.next();
        } else if let Some(v) = a.strip_prefix("--lang=") {
            flag = Some(v);
        }
    }
    Lang::detect(flag)
}

/// The command tree with its help in `lang`.
pub fn localize(cmd: Command, lang: Lang) -> Command {
    let mut cmd = localize_at(cmd, lang, "");
    if lang == Lang::Zh {
        // clap adds its `help` subcommands as it builds the tree; only then
        // can their description be replaced.
        cmd.build();
        cmd = help_subcommands(cmd);
    }
    cmd
}

fn help_subcommands(mut cmd: Command) -> Command {
    let names: Vec<String> = cmd
        .get_subcommands()
        .map(|s| s.get_name().to_string())
        .collect();
    for name in names {
        cmd = if name == "help" {
            cmd.mut_subcommand("help", |s| s.about("显示本帮助，或所给子命令的帮助"))
        } else {
            cmd.mut_subcommand(name.as_str(), help_subcommands)
        };
    }
    cmd
}

fn localize_at(mut cmd: Command, lang: Lang, path: &str) -> Command {
    let ids: Vec<String> = cmd
        .get_arguments()
        .map(|a| a.get_id().to_string())
        .collect();
    for id in ids {
        let Some((zh, en)) = arg_text(path, &id) else {
            continue;
        };
        cmd = cmd.mut_arg(id.as_str(), |a| match lang {
            Lang::Zh if !zh.is_empty() => {
                let heading = if a.is_positional() {
                    "参数"
                } else {
                    "选项"
                };
                a.help(zh).help_heading(heading)
            }
            Lang::En if !en.is_empty() && a.get_help().is_none() => a.help(en),
            _ => a,
        });
    }
    if lang == Lang::Zh {
        if let Some((_, about)) = COMMANDS
            .iter()
            .chain(super::sanchuang_help::COMMANDS)
            .chain(super::scores_help::COMMANDS)
            .find(|(p, _)| *p == path)
        {
            cmd = cmd.about(*about);
        }
        cmd = cmd
            .help_template("{about-with-newline}\n用法：{usage}\n\n{all-args}{after-help}")
            .subcommand_help_heading("命令")
            .disable_help_flag(true)
            .arg(
                Arg::new("help")
                    .short('h')
                    .long("help")
                    .action(ArgAction::Help)
                    .help("显示帮助")
                    .help_heading("选项"),
            );
        if path.is_empty() {
            cmd = cmd.disable_version_flag(true).arg(
                Arg::new("version")
                    .short('V')
                    .long("version")
                    .action(ArgAction::Version)
                    .help("显示版本")
                    .help_heading("选项"),
            );
        }
    }
    let names: Vec<String> = cmd
        .get_subcommands()
        .map(|s| s.get_name().to_string())
        .collect();
    for name in names {
        let sub_path = if path.is_empty() {
            name.clone()
        } else {
            format!("{path} {name}")
        };
        cmd = cmd.mut_subcommand(name.as_str(), |s| localize_at(s, lang, &sub_path));
    }
    cmd
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    /// Every visible option of every visible command, with its help, in
    /// `lang`.
    fn all_help(lang: Lang) -> Vec<(String, String, Option<String>)> {
        fn walk(c: &Command, path: String, out: &mut Vec<(String, String, Option<String>)>) {
            for a in c.get_arguments().filter(|a| !a.is_hide_set()) {
                out.push((
                    path.clone(),
                    a.get_id().to_string(),
                    a.get_help().map(|h| h.to_string()),
                ));
            }
            for s in c.get_subcommands().filter(|s| !s.is_hide_set()) {
                let p = format!("{path} {}", s.get_name()).trim().to_string();
                walk(s, p, out);
            }
        }
        let mut cmd = localize(crate::cli::args::Cli::command(), lang);
        cmd.build();
        let mut out = Vec::new();
        walk(&cmd, String::new(), &mut out);
        out
    }

    #[test]
    fn every_option_of_every_command_is_described_in_both_languages() {
        let is_chinese = |s: &str| s.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c));
        for (path, id, help) in all_help(Lang::Zh) {
            let help = help.unwrap_or_default();
            assert!(is_chinese(&help), "zh: {path} --{id}: {help:?}");
        }
        for (path, id, help) in all_help(Lang::En) {
            assert!(
                help.is_some_and(|h| !h.trim().is_empty()),
                "en: {path} --{id}"
            );
        }
    }

    #[test]
    fn the_language_comes_from_the_command_line_first() {
        let args = |v: &[&str]| v.iter().map(std::ffi::OsString::from).collect::<Vec<_>>();
        assert_eq!(lang_of(&args(&["ggw", "--lang", "en", "--help"])), Lang::En);
        assert_eq!(lang_of(&args(&["ggw", "--lang=zh", "--help"])), Lang::Zh);
    }
}
