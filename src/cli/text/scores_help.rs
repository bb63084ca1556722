//! `--help` in Chinese for `ggw scores` and its subcommands. The English is
//! in the commands' doc comments.

/// (command path, Chinese description).
pub const COMMANDS: &[(&str, &str)] = &[
    (
        "scores",
        "积分：某考核期某组别的排名；子命令管理考核细则、明细、奖惩、兑现",
    ),
    ("scores rules", "考核细则：检查、保存、显示、复制、示例"),
    (
        "scores rules check",
        "检查考核细则文件：列出每处错误及其行号；有错误时退出码为 1",
    ),
    (
        "scores rules set",
        "保存考核细则：新的考核期，或其考核期的新版本（兑现后不能再改）",
    ),
    ("scores rules show", "按保存时的原样（含注释）显示考核细则"),
    ("scores rules copy", "把某考核期的考核细则复制到新的年度"),
    (
        "scores rules example",
        "显示程序自带的示例考核细则，可据此修改",
    ),
    (
        "scores periods",
        "所有考核期：名称、起止日期、版本、是否已兑现",
    ),
    (
        "scores ledger",
        "单位或五老得分的逐条明细（来源记录、封顶、下限、未达目标扣分）及合计",
    ),
    ("scores adjust", "奖励（正分）或扣分（负分），写明原因"),
    (
        "scores void",
        "作废录错的奖惩（编号见明细中的“奖 #3”），从此不再计入",
    ),
    ("scores settle", "兑现奖惩：冻结考核期的考核细则和排名"),
    ("scores diff", "兑现以后，现在算出的排名与兑现时的不同之处"),
];

const PERIOD: &str = "考核期：年份（如 2024）或考核细则的名称";

/// (command path, option id, Chinese help, English help where the doc
/// comment leaves it bare).
pub const ARGS_AT: &[(&str, &str, &str, &str)] = &[
    (
        "scores",
        "period",
        "考核期：年份（如 2024）或考核细则的名称［默认：包含今天的考核期，否则最近的］",
        "",
    ),
    (
        "scores",
        "group",
        "组别：township（乡镇）、subdistrict（街道）、education-bureau（教体局）、village（村屯）、community（社区）、school（学校）或 elder（五老）",
        "",
    ),
    (
        "scores",
        "format",
        "输出格式：text（文字，默认）、json、csv，或 xlsx（需 --output FILE）",
        "",
    ),
    ("scores", "output", "写入的文件（xlsx 必须给出）", ""),
    ("scores rules check", "file", "考核细则文件（TOML）", ""),
    ("scores rules set", "file", "考核细则文件（TOML）", ""),
    (
        "scores rules set",
        "period",
        "文件应属的考核期：年份或考核细则的名称",
        "",
    ),
    ("scores rules show", "period", PERIOD, ""),
    (
        "scores rules copy",
        "from",
        "要复制的考核期：年份或考核细则的名称",
        "",
    ),
    ("scores rules copy", "to", "新考核期的年份，如 2025", ""),
    ("scores ledger", "period", PERIOD, ""),
    ("scores adjust", "period", PERIOD, ""),
    (
        "scores adjust",
        "points",
        "分数：奖励为正（如 5），扣分为负（如 -2），最多两位小数",
        "",
    ),
    ("scores adjust", "reason", "原因", ""),
    ("scores adjust", "date", "奖惩的日期［默认：今天］", ""),
    ("scores void", "id", "奖惩的编号", ""),
    ("scores void", "reason", "作废原因，如“录错分值”", ""),
    ("scores settle", "period", PERIOD, ""),
    ("scores settle", "yes", "不再询问，直接兑现", ""),
    ("scores diff", "period", PERIOD, ""),
];
