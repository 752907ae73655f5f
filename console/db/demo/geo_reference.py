"""Regions and real cities of mainland China, bilingual, with postcodes and phone area codes.

Postcode prefixes, administrative division codes (the 3rd-8th characters of a credit code),
telephone area codes and coordinates are the real ones (coordinates rounded).
"""

from __future__ import annotations

from typing import NamedTuple


class RegionRef(NamedTuple):
    code: str
    name: str
    name_zh: str


class CityRef(NamedTuple):
    name: str
    name_zh: str
    province: str
    province_zh: str
    region: str
    postcode: str  # first three digits of the city's postcodes
    adcode: str  # administrative division code of the city
    area_code: str  # telephone area code with the trunk 0
    tier: int  # 1 = Beijing/Shanghai/Guangzhou/Shenzhen ... 4 = smaller prefecture cities
    lat: float
    lon: float

    @property
    def code(self) -> str:
        return self.name.upper().replace("'", "").replace(" ", "")


REGIONS = (
    RegionRef("EAST", "East China", "华东"),
    RegionRef("NORTH", "North China", "华北"),
    RegionRef("SOUTH", "South China", "华南"),
    RegionRef("CENTRAL", "Central China", "华中"),
    RegionRef("SOUTHWEST", "Southwest China", "西南"),
    RegionRef("NORTHWEST", "Northwest China", "西北"),
    RegionRef("NORTHEAST", "Northeast China", "东北"),
)

_JS, _ZJ, _SD, _GD = (
    ("Jiangsu", "江苏省"),
    ("Zhejiang", "浙江省"),
    ("Shandong", "山东省"),
    ("Guangdong", "广东省"),
)

CITIES = (
    # East China
    CityRef(
        "Shanghai", "上海", "Shanghai", "上海市", "EAST", "200", "310100", "021", 1, 31.23, 121.47
    ),
    CityRef("Hangzhou", "杭州", *_ZJ, "EAST", "310", "330100", "0571", 2, 30.27, 120.16),
    CityRef("Nanjing", "南京", *_JS, "EAST", "210", "320100", "025", 2, 32.06, 118.80),
    CityRef("Suzhou", "苏州", *_JS, "EAST", "215", "320500", "0512", 2, 31.30, 120.59),
    CityRef("Ningbo", "宁波", *_ZJ, "EAST", "315", "330200", "0574", 2, 29.87, 121.55),
    CityRef("Hefei", "合肥", "Anhui", "安徽省", "EAST", "230", "340100", "0551", 2, 31.82, 117.23),
    CityRef(
        "Fuzhou", "福州", "Fujian", "福建省", "EAST", "350", "350100", "0591", 2, 26.07, 119.30
    ),
    CityRef(
        "Xiamen", "厦门", "Fujian", "福建省", "EAST", "361", "350200", "0592", 2, 24.48, 118.09
    ),
    CityRef("Jinan", "济南", *_SD, "EAST", "250", "370100", "0531", 2, 36.65, 117.12),
    CityRef("Qingdao", "青岛", *_SD, "EAST", "266", "370200", "0532", 2, 36.07, 120.38),
    CityRef(
        "Nanchang", "南昌", "Jiangxi", "江西省", "EAST", "330", "360100", "0791", 2, 28.68, 115.86
    ),
    CityRef("Wuxi", "无锡", *_JS, "EAST", "214", "320200", "0510", 3, 31.49, 120.31),
    CityRef("Changzhou", "常州", *_JS, "EAST", "213", "320400", "0519", 3, 31.81, 119.97),
    CityRef("Nantong", "南通", *_JS, "EAST", "226", "320600", "0513", 3, 31.98, 120.89),
    CityRef("Xuzhou", "徐州", *_JS, "EAST", "221", "320300", "0516", 3, 34.26, 117.18),
    CityRef("Wenzhou", "温州", *_ZJ, "EAST", "325", "330300", "0577", 3, 28.00, 120.67),
    CityRef("Jinhua", "金华", *_ZJ, "EAST", "321", "330700", "0579", 3, 29.08, 119.65),
    CityRef("Shaoxing", "绍兴", *_ZJ, "EAST", "312", "330600", "0575", 3, 30.00, 120.58),
    CityRef(
        "Quanzhou", "泉州", "Fujian", "福建省", "EAST", "362", "350500", "0595", 3, 24.87, 118.68
    ),
    CityRef("Yantai", "烟台", *_SD, "EAST", "264", "370600", "0535", 3, 37.46, 121.45),
    CityRef("Weifang", "潍坊", *_SD, "EAST", "261", "370700", "0536", 3, 36.71, 119.16),
    CityRef("Linyi", "临沂", *_SD, "EAST", "276", "371300", "0539", 4, 35.10, 118.36),
    CityRef("Wuhu", "芜湖", "Anhui", "安徽省", "EAST", "241", "340200", "0553", 4, 31.33, 118.38),
    CityRef(
        "Ganzhou", "赣州", "Jiangxi", "江西省", "EAST", "341", "360700", "0797", 4, 25.83, 114.93
    ),
    # North China
    CityRef(
        "Beijing", "北京", "Beijing", "北京市", "NORTH", "100", "110100", "010", 1, 39.90, 116.40
    ),
    CityRef(
        "Tianjin", "天津", "Tianjin", "天津市", "NORTH", "300", "120100", "022", 2, 39.13, 117.20
    ),
    CityRef(
        "Shijiazhuang",
        "石家庄",
        "Hebei",
        "河北省",
        "NORTH",
        "050",
        "130100",
        "0311",
        2,
        38.04,
        114.51,
    ),
    CityRef(
        "Taiyuan", "太原", "Shanxi", "山西省", "NORTH", "030", "140100", "0351", 2, 37.87, 112.55
    ),
    CityRef(
        "Hohhot",
        "呼和浩特",
        "Inner Mongolia",
        "内蒙古自治区",
        "NORTH",
        "010",
        "150100",
        "0471",
        3,
        40.84,
        111.75,
    ),
    CityRef(
        "Tangshan", "唐山", "Hebei", "河北省", "NORTH", "063", "130200", "0315", 3, 39.63, 118.18
    ),
    CityRef(
        "Baoding", "保定", "Hebei", "河北省", "NORTH", "071", "130600", "0312", 3, 38.87, 115.46
    ),
    CityRef(
        "Langfang", "廊坊", "Hebei", "河北省", "NORTH", "065", "131000", "0316", 4, 39.52, 116.68
    ),
    CityRef(
        "Datong", "大同", "Shanxi", "山西省", "NORTH", "037", "140200", "0352", 4, 40.08, 113.30
    ),
    CityRef(
        "Baotou",
        "包头",
        "Inner Mongolia",
        "内蒙古自治区",
        "NORTH",
        "014",
        "150200",
        "0472",
        4,
        40.66,
        109.84,
    ),
    # South China
    CityRef("Guangzhou", "广州", *_GD, "SOUTH", "510", "440100", "020", 1, 23.13, 113.26),
    CityRef("Shenzhen", "深圳", *_GD, "SOUTH", "518", "440300", "0755", 1, 22.54, 114.06),
    CityRef("Dongguan", "东莞", *_GD, "SOUTH", "523", "441900", "0769", 2, 23.02, 113.75),
    CityRef("Foshan", "佛山", *_GD, "SOUTH", "528", "440600", "0757", 2, 23.02, 113.12),
    CityRef(
        "Nanning",
        "南宁",
        "Guangxi",
        "广西壮族自治区",
        "SOUTH",
        "530",
        "450100",
        "0771",
        2,
        22.82,
        108.37,
    ),
    CityRef("Zhuhai", "珠海", *_GD, "SOUTH", "519", "440400", "0756", 3, 22.27, 113.58),
    CityRef("Huizhou", "惠州", *_GD, "SOUTH", "516", "441300", "0752", 3, 23.11, 114.42),
    CityRef("Shantou", "汕头", *_GD, "SOUTH", "515", "440500", "0754", 3, 23.35, 116.68),
    CityRef(
        "Haikou", "海口", "Hainan", "海南省", "SOUTH", "570", "460100", "0898", 3, 20.04, 110.20
    ),
    CityRef(
        "Liuzhou",
        "柳州",
        "Guangxi",
        "广西壮族自治区",
        "SOUTH",
        "545",
        "450200",
        "0772",
        3,
        24.33,
        109.41,
    ),
    CityRef("Jiangmen", "江门", *_GD, "SOUTH", "529", "440700", "0750", 4, 22.58, 113.08),
    CityRef(
        "Guilin",
        "桂林",
        "Guangxi",
        "广西壮族自治区",
        "SOUTH",
        "541",
        "450300",
        "0773",
        4,
        25.27,
        110.29,
    ),
    CityRef(
        "Sanya", "三亚", "Hainan", "海南省", "SOUTH", "572", "460200", "0898", 4, 18.25, 109.51
    ),
    # Central China
    CityRef(
        "Wuhan", "武汉", "Hubei", "湖北省", "CENTRAL", "430", "420100", "027", 2, 30.59, 114.31
    ),
    CityRef(
        "Changsha", "长沙", "Hunan", "湖南省", "CENTRAL", "410", "430100", "0731", 2, 28.23, 112.94
    ),
    CityRef(
        "Zhengzhou", "郑州", "Henan", "河南省", "CENTRAL", "450", "410100", "0371", 2, 34.75, 113.63
    ),
    CityRef(
        "Yichang", "宜昌", "Hubei", "湖北省", "CENTRAL", "443", "420500", "0717", 3, 30.69, 111.29
    ),
    CityRef(
        "Xiangyang", "襄阳", "Hubei", "湖北省", "CENTRAL", "441", "420600", "0710", 3, 32.01, 112.12
    ),
    CityRef(
        "Zhuzhou", "株洲", "Hunan", "湖南省", "CENTRAL", "412", "430200", "0731", 3, 27.83, 113.13
    ),
    CityRef(
        "Luoyang", "洛阳", "Henan", "河南省", "CENTRAL", "471", "410300", "0379", 3, 34.62, 112.45
    ),
    CityRef(
        "Hengyang", "衡阳", "Hunan", "湖南省", "CENTRAL", "421", "430400", "0734", 4, 26.89, 112.57
    ),
    CityRef(
        "Nanyang", "南阳", "Henan", "河南省", "CENTRAL", "473", "411300", "0377", 4, 33.00, 112.53
    ),
    # Southwest China
    CityRef(
        "Chengdu",
        "成都",
        "Sichuan",
        "四川省",
        "SOUTHWEST",
        "610",
        "510100",
        "028",
        2,
        30.57,
        104.07,
    ),
    CityRef(
        "Chongqing",
        "重庆",
        "Chongqing",
        "重庆市",
        "SOUTHWEST",
        "400",
        "500100",
        "023",
        2,
        29.56,
        106.55,
    ),
    CityRef(
        "Kunming",
        "昆明",
        "Yunnan",
        "云南省",
        "SOUTHWEST",
        "650",
        "530100",
        "0871",
        2,
        25.04,
        102.71,
    ),
    CityRef(
        "Guiyang",
        "贵阳",
        "Guizhou",
        "贵州省",
        "SOUTHWEST",
        "550",
        "520100",
        "0851",
        2,
        26.65,
        106.63,
    ),
    CityRef(
        "Mianyang",
        "绵阳",
        "Sichuan",
        "四川省",
        "SOUTHWEST",
        "621",
        "510700",
        "0816",
        3,
        31.47,
        104.68,
    ),
    CityRef(
        "Yibin", "宜宾", "Sichuan", "四川省", "SOUTHWEST", "644", "511500", "0831", 4, 28.77, 104.64
    ),
    CityRef(
        "Zunyi", "遵义", "Guizhou", "贵州省", "SOUTHWEST", "563", "520300", "0851", 4, 27.73, 106.93
    ),
    CityRef(
        "Dali", "大理", "Yunnan", "云南省", "SOUTHWEST", "671", "532900", "0872", 4, 25.61, 100.27
    ),
    CityRef(
        "Lhasa",
        "拉萨",
        "Tibet",
        "西藏自治区",
        "SOUTHWEST",
        "850",
        "540100",
        "0891",
        4,
        29.65,
        91.14,
    ),
    # Northwest China
    CityRef(
        "Xi'an", "西安", "Shaanxi", "陕西省", "NORTHWEST", "710", "610100", "029", 2, 34.34, 108.94
    ),
    CityRef(
        "Lanzhou", "兰州", "Gansu", "甘肃省", "NORTHWEST", "730", "620100", "0931", 3, 36.06, 103.83
    ),
    CityRef(
        "Urumqi",
        "乌鲁木齐",
        "Xinjiang",
        "新疆维吾尔自治区",
        "NORTHWEST",
        "830",
        "650100",
        "0991",
        3,
        43.83,
        87.62,
    ),
    CityRef(
        "Yinchuan",
        "银川",
        "Ningxia",
        "宁夏回族自治区",
        "NORTHWEST",
        "750",
        "640100",
        "0951",
        3,
        38.49,
        106.23,
    ),
    CityRef(
        "Xining",
        "西宁",
        "Qinghai",
        "青海省",
        "NORTHWEST",
        "810",
        "630100",
        "0971",
        3,
        36.62,
        101.78,
    ),
    CityRef(
        "Baoji", "宝鸡", "Shaanxi", "陕西省", "NORTHWEST", "721", "610300", "0917", 4, 34.36, 107.24
    ),
    CityRef(
        "Yulin", "榆林", "Shaanxi", "陕西省", "NORTHWEST", "719", "610800", "0912", 4, 38.29, 109.73
    ),
    # Northeast China
    CityRef(
        "Shenyang",
        "沈阳",
        "Liaoning",
        "辽宁省",
        "NORTHEAST",
        "110",
        "210100",
        "024",
        2,
        41.80,
        123.43,
    ),
    CityRef(
        "Dalian",
        "大连",
        "Liaoning",
        "辽宁省",
        "NORTHEAST",
        "116",
        "210200",
        "0411",
        2,
        38.91,
        121.61,
    ),
    CityRef(
        "Harbin",
        "哈尔滨",
        "Heilongjiang",
        "黑龙江省",
        "NORTHEAST",
        "150",
        "230100",
        "0451",
        2,
        45.80,
        126.53,
    ),
    CityRef(
        "Changchun",
        "长春",
        "Jilin",
        "吉林省",
        "NORTHEAST",
        "130",
        "220100",
        "0431",
        2,
        43.82,
        125.32,
    ),
    CityRef(
        "Daqing",
        "大庆",
        "Heilongjiang",
        "黑龙江省",
        "NORTHEAST",
        "163",
        "230600",
        "0459",
        4,
        46.59,
        125.10,
    ),
    CityRef(
        "Anshan",
        "鞍山",
        "Liaoning",
        "辽宁省",
        "NORTHEAST",
        "114",
        "210300",
        "0412",
        4,
        41.11,
        122.99,
    ),
)

TIER_WEIGHT = {1: 10.0, 2: 4.0, 3: 2.0, 4: 1.0}
"""Relative market size of a city by tier: stores, dealers and customers follow it."""


def cities_for(count: int) -> list[CityRef]:
    """The `count` most important cities, every region among them.

    Within a tier, regions take turns, so that even the small dataset covers all regions.
    """
    chosen: list[CityRef] = []
    for tier in sorted(TIER_WEIGHT):
        by_region = [[c for c in CITIES if c.tier == tier and c.region == r.code] for r in REGIONS]
        while any(by_region):
            for queue in by_region:
                if queue:
                    chosen.append(queue.pop(0))
    return chosen[:count]
