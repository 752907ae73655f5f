"""The product range of the demo brand (home appliances that dealers deliver and install)."""

from __future__ import annotations

from typing import NamedTuple


class CategoryRef(NamedTuple):
    code: str
    name: str
    name_zh: str


class KindRef(NamedTuple):
    """A sub-category: what its SKUs cost, weigh, and how and where they sell."""

    code: str
    parent: str
    name: str
    name_zh: str
    model_prefix: str
    price_low: int
    price_high: int
    volume_m3: float
    popularity: float  # relative unit sales
    online_affinity: float  # > 1 sells relatively better online
    needs_install: bool
    summer_peak: bool


CATEGORIES = (
    CategoryRef("AIR", "Air conditioning", "空调"),
    CategoryRef("KITCHEN", "Kitchen appliances", "厨房电器"),
    CategoryRef("WATER", "Water heating & purification", "热水与净水"),
    CategoryRef("LAUNDRY", "Laundry", "洗护电器"),
    CategoryRef("COOL", "Refrigeration", "冰箱冷柜"),
    CategoryRef("SMART", "Smart home", "智能家居"),
    CategoryRef("SMALL", "Small appliances", "生活小家电"),
)

KINDS = (
    KindRef(
        "AC_SPLIT",
        "AIR",
        "Split air conditioner",
        "壁挂式空调",
        "KFR-35GW",
        2599,
        5999,
        0.25,
        3.0,
        0.9,
        True,
        True,
    ),
    KindRef(
        "AC_FLOOR",
        "AIR",
        "Floor-standing air conditioner",
        "立柜式空调",
        "KFR-72LW",
        5999,
        12999,
        0.55,
        1.2,
        0.7,
        True,
        True,
    ),
    KindRef(
        "AC_CENTRAL",
        "AIR",
        "Central air conditioning",
        "家用中央空调",
        "MDV-D",
        19999,
        49999,
        1.2,
        0.3,
        0.3,
        True,
        True,
    ),
    KindRef(
        "HOOD",
        "KITCHEN",
        "Range hood",
        "吸油烟机",
        "CXW-260",
        2499,
        6999,
        0.3,
        1.6,
        0.9,
        True,
        False,
    ),
    KindRef(
        "HOB", "KITCHEN", "Gas hob", "燃气灶", "JZT-Q", 1299, 3999, 0.08, 1.5, 1.0, True, False
    ),
    KindRef(
        "DISHWASHER",
        "KITCHEN",
        "Dishwasher",
        "洗碗机",
        "WQP12",
        3999,
        8999,
        0.35,
        0.9,
        1.1,
        True,
        False,
    ),
    KindRef(
        "STEAM_OVEN",
        "KITCHEN",
        "Steam oven",
        "蒸烤一体机",
        "ZK-S",
        4999,
        12999,
        0.12,
        0.6,
        1.0,
        True,
        False,
    ),
    KindRef(
        "HEATER",
        "WATER",
        "Water heater",
        "热水器",
        "JSQ30",
        1499,
        4999,
        0.15,
        1.8,
        1.0,
        True,
        False,
    ),
    KindRef(
        "PURIFIER",
        "WATER",
        "Water purifier",
        "净水器",
        "MRO-1",
        1999,
        5999,
        0.06,
        1.3,
        1.2,
        True,
        False,
    ),
    KindRef(
        "WASHER",
        "LAUNDRY",
        "Washing machine",
        "洗衣机",
        "XQG100",
        1999,
        7999,
        0.45,
        2.0,
        1.1,
        False,
        False,
    ),
    KindRef(
        "DRYER",
        "LAUNDRY",
        "Heat-pump dryer",
        "热泵干衣机",
        "GDZ10",
        3999,
        8999,
        0.45,
        0.6,
        1.1,
        False,
        False,
    ),
    KindRef(
        "FRIDGE", "COOL", "Refrigerator", "冰箱", "BCD-520", 2999, 14999, 0.9, 1.8, 0.9, False, True
    ),
    KindRef(
        "FREEZER", "COOL", "Chest freezer", "冷柜", "BD-200", 1299, 3999, 0.5, 0.5, 0.9, False, True
    ),
    KindRef(
        "LOCK",
        "SMART",
        "Smart door lock",
        "智能门锁",
        "SL-7",
        1299,
        3999,
        0.02,
        1.2,
        1.5,
        True,
        False,
    ),
    KindRef(
        "VACUUM",
        "SMART",
        "Robot vacuum",
        "扫地机器人",
        "RV-S",
        1999,
        5999,
        0.04,
        1.4,
        1.8,
        False,
        False,
    ),
    KindRef(
        "AIR_FRYER",
        "SMALL",
        "Air fryer",
        "空气炸锅",
        "KZ-5",
        299,
        899,
        0.03,
        2.5,
        2.0,
        False,
        False,
    ),
    KindRef(
        "RICE_COOKER",
        "SMALL",
        "Rice cooker",
        "电饭煲",
        "FB-40",
        299,
        1299,
        0.02,
        2.2,
        1.8,
        False,
        False,
    ),
    KindRef(
        "KETTLE",
        "SMALL",
        "Electric kettle",
        "电水壶",
        "SH-17",
        99,
        399,
        0.01,
        2.0,
        2.0,
        False,
        False,
    ),
    KindRef(
        "AIR_PURIFIER",
        "SMALL",
        "Air purifier",
        "空气净化器",
        "KJ-500",
        999,
        3999,
        0.08,
        1.0,
        1.6,
        False,
        False,
    ),
)

# Product lines; a SKU's name is "<series> <kind> <model>", e.g. 清风 壁挂式空调 KFR-35GW/A1.
SERIES = (
    ("清风", "Breeze"),
    ("星辰", "Stellar"),
    ("云境", "Cloudscape"),
    ("悦享", "Joy"),
    ("臻品", "Elite"),
    ("极光", "Aurora"),
    ("青春", "Youth"),
    ("睿智", "Sage"),
    ("晴空", "Clear Sky"),
    ("尚品", "Signature"),
)
