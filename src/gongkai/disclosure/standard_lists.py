"""Standard lists seeded into the database (editable afterwards in the admin)."""

# 主题分类: the subject categories of the State Council's policy document library (中国政府网),
# which most agencies' catalogues follow; plus categories agencies commonly add.
CATEGORIES = [
    ("01", "综合政务"),
    ("02", "国民经济管理、国有资产监管"),
    ("03", "财政、金融、审计"),
    ("04", "国土资源、能源"),
    ("05", "农业、林业、水利"),
    ("06", "工业、交通"),
    ("07", "商贸、海关、旅游"),
    ("08", "市场监管、安全生产监管"),
    ("09", "城乡建设、环境保护"),
    ("10", "科技、教育"),
    ("11", "文化、广电、新闻出版"),
    ("12", "卫生、体育"),
    ("13", "人口与计划生育、妇女儿童工作"),
    ("14", "劳动、人事、监察"),
    ("15", "公安、安全、司法"),
    ("16", "民政、扶贫、救灾"),
    ("17", "民族、宗教"),
    ("18", "对外事务"),
    ("19", "港澳台侨工作"),
    ("20", "国防"),
    ("21", "其他"),
    ("90", "重点领域信息公开"),
    ("91", "政府信息公开年度报告"),
    ("92", "政务公开工作"),
]

# 体裁: the 15 kinds of official documents (《党政机关公文处理工作条例》第八条) and common others.
GENRES = [
    "决议",
    "决定",
    "命令（令）",
    "公报",
    "公告",
    "通告",
    "意见",
    "通知",
    "通报",
    "报告",
    "请示",
    "批复",
    "议案",
    "函",
    "纪要",
    "办法",
    "规定",
    "方案",
    "规划",
    "政策解读",
    "年度报告",
    "其他",
]


def seed(category_model, genre_model) -> None:
    """Create the standard categories and genres that are missing (used by the data migration)."""
    category_model.objects.bulk_create(
        [category_model(code=c, name=n, order=i) for i, (c, n) in enumerate(CATEGORIES)],
        ignore_conflicts=True,
    )
    genre_model.objects.bulk_create(
        [genre_model(name=n, order=i) for i, n in enumerate(GENRES)], ignore_conflicts=True
    )
