"""Chinese person, company and place names with their pinyin / English forms, as plain data."""

from __future__ import annotations

import numpy as np

# The most common family names with their approximate share (per cent) of the population.
SURNAMES = (
    ("王", "Wang", 7.1),
    ("李", "Li", 7.0),
    ("张", "Zhang", 6.7),
    ("刘", "Liu", 5.4),
    ("陈", "Chen", 4.5),
    ("杨", "Yang", 3.1),
    ("黄", "Huang", 2.2),
    ("赵", "Zhao", 2.1),
    ("吴", "Wu", 2.0),
    ("周", "Zhou", 1.9),
    ("徐", "Xu", 1.3),
    ("孙", "Sun", 1.3),
    ("马", "Ma", 1.2),
    ("朱", "Zhu", 1.1),
    ("胡", "Hu", 1.1),
    ("郭", "Guo", 1.0),
    ("何", "He", 1.0),
    ("林", "Lin", 0.9),
    ("罗", "Luo", 0.9),
    ("高", "Gao", 0.9),
    ("郑", "Zheng", 0.8),
    ("梁", "Liang", 0.8),
    ("谢", "Xie", 0.7),
    ("宋", "Song", 0.6),
    ("唐", "Tang", 0.6),
    ("许", "Xu", 0.6),
    ("韩", "Han", 0.6),
    ("冯", "Feng", 0.6),
    ("邓", "Deng", 0.6),
    ("曹", "Cao", 0.5),
    ("彭", "Peng", 0.5),
    ("曾", "Zeng", 0.5),
    ("肖", "Xiao", 0.5),
    ("田", "Tian", 0.5),
    ("董", "Dong", 0.5),
    ("袁", "Yuan", 0.4),
    ("潘", "Pan", 0.4),
    ("于", "Yu", 0.4),
    ("蒋", "Jiang", 0.4),
    ("蔡", "Cai", 0.4),
    ("余", "Yu", 0.4),
    ("杜", "Du", 0.4),
    ("叶", "Ye", 0.4),
    ("程", "Cheng", 0.4),
    ("苏", "Su", 0.4),
    ("魏", "Wei", 0.4),
    ("吕", "Lyu", 0.4),
    ("丁", "Ding", 0.4),
    ("任", "Ren", 0.3),
    ("沈", "Shen", 0.3),
    ("姚", "Yao", 0.3),
    ("卢", "Lu", 0.3),
    ("姜", "Jiang", 0.3),
    ("崔", "Cui", 0.3),
    ("钟", "Zhong", 0.3),
    ("谭", "Tan", 0.3),
    ("陆", "Lu", 0.3),
    ("汪", "Wang", 0.3),
    ("范", "Fan", 0.3),
    ("金", "Jin", 0.3),
    ("石", "Shi", 0.3),
    ("廖", "Liao", 0.3),
    ("贾", "Jia", 0.3),
    ("夏", "Xia", 0.3),
    ("韦", "Wei", 0.3),
    ("付", "Fu", 0.3),
    ("方", "Fang", 0.3),
    ("白", "Bai", 0.3),
    ("邹", "Zou", 0.3),
    ("孟", "Meng", 0.3),
    ("熊", "Xiong", 0.3),
    ("秦", "Qin", 0.3),
    ("邱", "Qiu", 0.3),
    ("江", "Jiang", 0.3),
    ("尹", "Yin", 0.3),
    ("薛", "Xue", 0.2),
    ("闫", "Yan", 0.2),
    ("段", "Duan", 0.2),
    ("雷", "Lei", 0.2),
    ("侯", "Hou", 0.2),
    ("龙", "Long", 0.2),
    ("史", "Shi", 0.2),
    ("陶", "Tao", 0.2),
    ("黎", "Li", 0.2),
    ("贺", "He", 0.2),
    ("顾", "Gu", 0.2),
    ("毛", "Mao", 0.2),
    ("郝", "Hao", 0.2),
    ("龚", "Gong", 0.2),
    ("邵", "Shao", 0.2),
    ("万", "Wan", 0.2),
    ("钱", "Qian", 0.2),
    ("严", "Yan", 0.2),
    ("武", "Wu", 0.2),
    ("戴", "Dai", 0.2),
    ("孔", "Kong", 0.2),
)

# Characters of given names: (female, male); a given name has one or two of them.
GIVEN_FEMALE = (
    ("芳", "fang"),
    ("娜", "na"),
    ("敏", "min"),
    ("静", "jing"),
    ("丽", "li"),
    ("艳", "yan"),
    ("婷", "ting"),
    ("雪", "xue"),
    ("玲", "ling"),
    ("慧", "hui"),
    ("颖", "ying"),
    ("琳", "lin"),
    ("欣", "xin"),
    ("悦", "yue"),
    ("佳", "jia"),
    ("梦", "meng"),
    ("雨", "yu"),
    ("思", "si"),
    ("晓", "xiao"),
    ("萍", "ping"),
    ("红", "hong"),
    ("霞", "xia"),
    ("倩", "qian"),
    ("璐", "lu"),
    ("瑶", "yao"),
    ("洁", "jie"),
    ("蕾", "lei"),
    ("秀", "xiu"),
    ("英", "ying"),
    ("燕", "yan"),
    ("桂", "gui"),
    ("兰", "lan"),
    ("嘉", "jia"),
    ("怡", "yi"),
    ("宁", "ning"),
    ("诗", "shi"),
)
GIVEN_MALE = (
    ("伟", "wei"),
    ("强", "qiang"),
    ("磊", "lei"),
    ("军", "jun"),
    ("勇", "yong"),
    ("杰", "jie"),
    ("涛", "tao"),
    ("明", "ming"),
    ("超", "chao"),
    ("浩", "hao"),
    ("鹏", "peng"),
    ("斌", "bin"),
    ("辉", "hui"),
    ("刚", "gang"),
    ("建", "jian"),
    ("峰", "feng"),
    ("宇", "yu"),
    ("鑫", "xin"),
    ("博", "bo"),
    ("俊", "jun"),
    ("凯", "kai"),
    ("晨", "chen"),
    ("帆", "fan"),
    ("毅", "yi"),
    ("龙", "long"),
    ("昊", "hao"),
    ("睿", "rui"),
    ("哲", "zhe"),
    ("文", "wen"),
    ("华", "hua"),
    ("海", "hai"),
    ("国", "guo"),
    ("平", "ping"),
    ("志", "zhi"),
    ("东", "dong"),
    ("林", "lin"),
)

# Company trade names (字号) are two characters from these lists, e.g. 恒达 Hengda, 华盛 Huasheng.
TRADE_FIRST = (
    ("恒", "Heng"),
    ("华", "Hua"),
    ("鑫", "Xin"),
    ("德", "De"),
    ("永", "Yong"),
    ("瑞", "Rui"),
    ("嘉", "Jia"),
    ("宏", "Hong"),
    ("联", "Lian"),
    ("盛", "Sheng"),
    ("汇", "Hui"),
    ("金", "Jin"),
    ("天", "Tian"),
    ("博", "Bo"),
    ("安", "An"),
    ("丰", "Feng"),
    ("润", "Run"),
    ("鼎", "Ding"),
    ("兴", "Xing"),
    ("锦", "Jin"),
)
TRADE_SECOND = (
    ("信", "xin"),
    ("达", "da"),
    ("源", "yuan"),
    ("泰", "tai"),
    ("通", "tong"),
    ("创", "chuang"),
    ("禾", "he"),
    ("和", "he"),
    ("隆", "long"),
    ("远", "yuan"),
    ("诚", "cheng"),
    ("美", "mei"),
    ("佳", "jia"),
    ("辉", "hui"),
    ("茂", "mao"),
    ("祥", "xiang"),
    ("旺", "wang"),
    ("程", "cheng"),
    ("邦", "bang"),
    ("顺", "shun"),
)
LEGAL_FORMS = (
    ("家电销售有限公司", "Home Appliance Sales Co., Ltd."),
    ("电器有限公司", "Electric Appliance Co., Ltd."),
    ("商贸有限公司", "Trading Co., Ltd."),
    ("智能家居有限公司", "Smart Home Co., Ltd."),
    ("电器连锁有限公司", "Appliance Chain Co., Ltd."),
)

# Shopping malls and home-furnishing malls found in most Chinese cities.
MALLS = (
    ("红星美凯龙", "Red Star Macalline"),
    ("居然之家", "Easyhome"),
    ("万达广场", "Wanda Plaza"),
    ("万象城", "MixC"),
    ("吾悦广场", "Wuyue Plaza"),
    ("龙湖天街", "Longfor Paradise Walk"),
    ("大悦城", "Joy City"),
    ("印象城", "InCity"),
    ("银泰城", "Intime City"),
    ("凯德广场", "CapitaMall"),
    ("宝龙广场", "Powerlong Plaza"),
    ("月星家居", "Yuexing Home"),
    ("爱琴海购物公园", "Aegean Mall"),
    ("时代广场", "Times Square"),
    ("城市广场", "City Plaza"),
    ("国际家居博览中心", "International Home Expo"),
    ("家居建材城", "Home & Building Materials Mall"),
    ("步行街", "Pedestrian Street"),
)
ROADS = (
    "人民路",
    "解放路",
    "中山路",
    "建设路",
    "和平路",
    "新华路",
    "长江路",
    "黄河路",
    "文化路",
    "光明路",
    "胜利路",
    "青年路",
    "幸福路",
    "友谊路",
    "东风路",
    "南京路",
)
ORDINALS_ZH = ("", "二", "三", "四", "五", "六", "七", "八", "九", "十")


def person_names(
    rng: np.random.Generator, n: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Chinese names (surname first), their pinyin forms ("Wang Xiuying"), genders, and an
    e-mail-friendly lower-case pinyin ("wangxiuying")."""
    weights = np.array([s[2] for s in SURNAMES])
    surname = rng.choice(len(SURNAMES), size=n, p=weights / weights.sum())
    female = rng.random(n) < 0.52
    two_chars = rng.random(n) < 0.65
    out_zh = np.empty(n, dtype=object)
    out_en = np.empty(n, dtype=object)
    out_login = np.empty(n, dtype=object)
    for is_female, chars in ((True, GIVEN_FEMALE), (False, GIVEN_MALE)):
        rows = np.flatnonzero(female == is_female)
        first = rng.integers(0, len(chars), rows.size)
        second = rng.integers(0, len(chars), rows.size)
        second = np.where(second == first, (second + 1) % len(chars), second)
        zh = np.array([c[0] for c in chars], dtype=object)
        py = np.array([c[1] for c in chars], dtype=object)
        two = two_chars[rows]
        given_zh = zh[first] + np.where(two, zh[second], "")
        given_py = py[first] + np.where(two, py[second], "")
        sur_zh = np.array([s[0] for s in SURNAMES], dtype=object)[surname[rows]]
        sur_py = np.array([s[1] for s in SURNAMES], dtype=object)[surname[rows]]
        out_zh[rows] = sur_zh + given_zh
        out_en[rows] = sur_py + " " + np.array([g.capitalize() for g in given_py], dtype=object)
        out_login[rows] = np.array([s.lower() for s in sur_py], dtype=object) + given_py
    gender = np.where(female, "F", "M").astype(object)
    return out_zh, out_en, gender, out_login
