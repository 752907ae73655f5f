<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
<context>
    <name>panels</name>
    <message>
        <location filename="../__init__.py" line="+14"/>
        <source>Customer segments</source>
        <translation>客户分群</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>RFM segments, omnichannel value, lifetime value and identity resolution</source>
        <translation>RFM 分群、全渠道价值、客户终身价值与身份识别</translation>
    </message>
</context>
<context>
    <name>segments</name>
    <message>
        <location filename="../grid.py" line="+155"/>
        <source>R%1 F%2: %3
%4 customers, %5 of revenue</source>
        <translation>R%1 F%2：%3
%4 位客户，占收入 %5</translation>
    </message>
    <message>
        <location filename="../panel.py" line="+79"/>
        <source>Champions</source>
        <comment>short</comment>
        <translation>冠军</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Loyal</source>
        <comment>short</comment>
        <translation>忠诚</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Potential</source>
        <comment>short</comment>
        <translation>潜力</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>New</source>
        <comment>short</comment>
        <translation>新客</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Promising</source>
        <comment>short</comment>
        <translation>有望</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Attention</source>
        <comment>short</comment>
        <translation>需关注</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Sleepy</source>
        <comment>short</comment>
        <translation>将沉睡</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>At risk</source>
        <comment>short</comment>
        <translation>有风险</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Can&apos;t lose</source>
        <comment>short</comment>
        <translation>不能失去</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Dormant</source>
        <comment>short</comment>
        <translation>休眠</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>None</source>
        <comment>short</comment>
        <translation>无</translation>
    </message>
    <message>
        <location line="+139"/>
        <source>Scoring customers…</source>
        <translation>正在为客户评分…</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Cancelled</source>
        <translation>已取消</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Loading was cancelled before it finished.</source>
        <translation>加载在完成前被取消。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Load again</source>
        <translation>重新加载</translation>
    </message>
    <message>
        <location line="+35"/>
        <source>Note: %1</source>
        <translation>注意：%1</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>vs %1</source>
        <translation>对比 %1</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>Run identity resolution first</source>
        <translation>请先运行身份识别</translation>
    </message>
    <message>
        <location line="+22"/>
        <source>Segment</source>
        <translation>分群</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+51"/>
        <location line="+215"/>
        <location filename="../resolution_view.py" line="+281"/>
        <location filename="../upset.py" line="+122"/>
        <source>Customers</source>
        <translation>客户数</translation>
    </message>
    <message>
        <location line="-265"/>
        <source>Revenue share</source>
        <translation>收入占比</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+51"/>
        <location line="+221"/>
        <location filename="../upset.py" line="-5"/>
        <source>Avg. value index</source>
        <translation>平均价值指数</translation>
    </message>
    <message>
        <location line="-271"/>
        <location line="+279"/>
        <source>Avg. CLV (12 months)</source>
        <translation>平均终身价值（12 个月）</translation>
    </message>
    <message>
        <location line="-278"/>
        <source>Customers before</source>
        <translation>对比日客户数</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Share trend</source>
        <translation>占比趋势</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Change of the segment&apos;s share of all customers since the comparison date.</source>
        <translation>自对比日以来该分群占全部客户比例的变化。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Omnichannel value index: grows with spend, channels and engagement.</source>
        <translation>全渠道价值指数：随消费额、渠道数和互动增长。</translation>
    </message>
    <message>
        <location line="+30"/>
        <source>Lifecycle stage</source>
        <translation>生命周期阶段</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>New: first order in the last 180 days. Won back: ordered in the last 180 days after more than a year without. Active: other buyers of the last 180 days. At risk: last order 180 to 365 days ago. Lapsed: longer ago.</source>
        <translation>新客：首单在最近 180 天内。赢回：超过一年未购买后在最近 180 天内再次下单。活跃：最近 180 天内下单的其他客户。有风险：最后一单在 180 至 365 天前。流失：更早。</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>No customers at the comparison date</source>
        <translation>对比日没有客户</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Compare with a later date.</source>
        <translation>请选择更晚的对比日期。</translation>
    </message>
    <message>
        <location line="+49"/>
        <source>Lasso selection (%1)</source>
        <translation>套索选择（%1）</translation>
    </message>
    <message>
        <location line="+46"/>
        <source>Drag with Lasso or Rectangle to select customers (%1 of %2 customers drawn).</source>
        <translation>使用“套索”或“矩形”拖动以选择客户（已绘制 %2 位客户中的 %1 位）。</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>%1 customers selected: %2 spent, average value index %3, on average %4 channels. Act on them with the buttons at the top.</source>
        <translation>已选择 %1 位客户：消费 %2，平均价值指数 %3，平均 %4 个渠道。可用顶部的按钮对其采取行动。</translation>
    </message>
    <message>
        <location line="+27"/>
        <source>Exporting…</source>
        <translation>正在导出…</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Exported %1 customers to %2.</source>
        <translation>已将 %1 位客户导出到 %2。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Personal data are masked for your role.</source>
        <translation>您的角色无权查看个人信息，已做脱敏处理。</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>Sent %1 (%2 customers) to campaign planning.</source>
        <translation>已将 %1（%2 位客户）发送到营销活动规划。</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Orders up to</source>
        <translation>订单截至</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>compared with</source>
        <translation>对比</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>%1 months earlier</source>
        <translation>%1 个月前</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Act on</source>
        <translation>操作对象</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Export customers…</source>
        <translation>导出客户…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Plan a campaign for this segment</source>
        <translation>为此分群规划营销活动</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Identified customers with an order before the as-of date.</source>
        <translation>在截止日期前有订单的已识别客户。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Their spend</source>
        <translation>客户消费额</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Net amount of their orders (returns deducted), all time.</source>
        <translation>其全部订单的净额（已扣除退货），不限时间。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Omnichannel value index: 100 for one channel and 1,000 CNY; grows with spend, channels and engagement (docs/kpis.md).</source>
        <translation>全渠道价值指数：单一渠道、消费 1,000 元为 100；随消费额、渠道数和互动增长（见 docs/kpis.md）。</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Predicted spend in the next 12 months (BG/NBD and Gamma-Gamma models).</source>
        <translation>预测未来 12 个月的消费额（BG/NBD 与 Gamma-Gamma 模型）。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Multi-channel customers</source>
        <translation>多渠道客户</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Customers active in two channel types or more.</source>
        <translation>在两种或以上渠道类型中活跃的客户。</translation>
    </message>
    <message>
        <location line="+3"/>
        <location filename="../resolution_view.py" line="-4"/>
        <source>Anonymous orders</source>
        <translation>匿名订单</translation>
    </message>
    <message>
        <location line="+1"/>
        <location filename="../resolution_view.py" line="+1"/>
        <source>Counted orders without an identified customer.</source>
        <translation>没有已识别客户的有效订单。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Segments</source>
        <translation>分群</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Migration</source>
        <translation>迁移</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Channel combinations</source>
        <translation>渠道组合</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Frequency × spend</source>
        <translation>频次 × 消费</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Identity resolution</source>
        <translation>身份识别</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>R: recency score (5 = bought most recently), F: frequency score (5 = most orders). Each cell: customers and share of revenue. Click a cell to act on its segment.</source>
        <translation>R：最近购买得分（5 = 最近购买），F：购买频次得分（5 = 订单最多）。每格显示客户数和收入占比。点击格子即可对其分群采取行动。</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Customers by segment at the comparison date (rows) and now (columns). New buyers since then are in the row “(not a buyer)”.</source>
        <translation>各分群客户在对比日（行）与当前（列）的分布。此后新增的购买客户位于“（非购买客户）”一行。</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Customers per exact combination of channel types they bought or interacted in, largest first; the darker the bar, the higher their average value index.</source>
        <translation>按客户购买或互动过的渠道类型的精确组合统计客户数，按规模从大到小排列；柱子颜色越深，平均价值指数越高。</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Orders (x) and spend (y, log scale), coloured by channels</source>
        <translation>订单数（横轴）与消费额（纵轴，对数刻度），按渠道数着色</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>1 channel</source>
        <translation>1 个渠道</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>%1 channels</source>
        <translation>%1 个渠道</translation>
    </message>
    <message>
        <location filename="../resolution_view.py" line="-139"/>
        <source>Resolving identities…</source>
        <translation>正在识别身份…</translation>
    </message>
    <message>
        <location line="+14"/>
        <source>Cancelled: nothing was written to the database.</source>
        <translation>已取消：未向数据库写入任何内容。</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Done in %1 s: %2 customers merged, %3 new shared identifiers flagged. Run it again at any time: a second run changes nothing.</source>
        <translation>完成，用时 %1 秒：合并 %2 位客户，新标记 %3 个共享标识。可随时再次运行：再次运行不会改变任何内容。</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>%1 → %2</source>
        <translation>%1 → %2</translation>
    </message>
    <message>
        <location line="+22"/>
        <source>Name + birth date + postcode (fuzzy)</source>
        <translation>姓名 + 出生日期 + 邮编（模糊匹配）</translation>
    </message>
    <message>
        <location line="+10"/>
        <location line="+39"/>
        <source>Identifier</source>
        <translation>标识类型</translation>
    </message>
    <message>
        <location line="-38"/>
        <source>Distinct values</source>
        <translation>不同值</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Shared values</source>
        <translation>共享值</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Profiles linked</source>
        <translation>关联的档案</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Flagged</source>
        <translation>已标记</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Customer</source>
        <translation>客户</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+29"/>
        <source>Profiles</source>
        <translation>档案数</translation>
    </message>
    <message>
        <location line="-16"/>
        <source>Channel type</source>
        <translation>渠道类型</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Orders</source>
        <translation>订单数</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Anonymous</source>
        <translation>匿名</translation>
    </message>
    <message>
        <location filename="../panel.py" line="-301"/>
        <location filename="../resolution_view.py" line="+1"/>
        <source>Share</source>
        <translation>占比</translation>
    </message>
    <message>
        <location filename="../resolution_view.py" line="+12"/>
        <source>Value</source>
        <translation>值</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Identity resolution links the profiles of one person across channels (member cards, web-shop accounts, marketplace buyers, followers) through shared phone numbers, e-mails and accounts, and optionally through name, birth date and postcode, and writes the resulting customer back to profiles, orders, interactions, tickets and identities. Earlier merges are kept.</source>
        <translation>身份识别通过共享的手机号、电子邮箱和账号（也可选用姓名、出生日期和邮编）将同一个人在各渠道的档案（会员卡、网店账号、平台买家、粉丝）关联起来，并把识别出的客户写回档案、订单、互动、工单和身份标识。之前的合并会保留。</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Also link by name, birth date and postcode</source>
        <translation>同时按姓名、出生日期和邮编关联</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>An identifier held by more profiles than this is shared:</source>
        <translation>标识被超过此数量的档案使用时视为共享：</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Run identity resolution</source>
        <translation>运行身份识别</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Your role may not run identity resolution.</source>
        <translation>您的角色无权运行身份识别。</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Distinct customers of the profiles, before → after.</source>
        <translation>档案对应的不同客户数，运行前 → 运行后。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Merged in the last run</source>
        <translation>上次运行合并数</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Customers merged into the oldest customer of their group.</source>
        <translation>合并到所在组中最早客户的客户数。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Precision / recall</source>
        <translation>精确率 / 召回率</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Pairs of profiles linked correctly, against the demo data&apos;s true persons.</source>
        <translation>与演示数据中的真实人员对照，正确关联的档案对比例。</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Profiles linked, by identifier</source>
        <translation>按标识类型统计的关联档案</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Anonymous orders by channel type</source>
        <translation>按渠道类型统计的匿名订单</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Shared identifiers (flagged, not used for linking)</source>
        <translation>共享标识（已标记，不用于关联）</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Oversized clusters, for review</source>
        <translation>过大的客户簇（待审核）</translation>
    </message>
    <message>
        <location filename="../texts.py" line="+16"/>
        <source>Champions</source>
        <translation>冠军客户</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Loyal Customers</source>
        <translation>忠诚客户</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Potential Loyalists</source>
        <translation>潜在忠诚客户</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>New Customers</source>
        <translation>新客户</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Promising</source>
        <translation>有望客户</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Need Attention</source>
        <translation>需要关注</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>About to Sleep</source>
        <translation>即将沉睡</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>At Risk</source>
        <translation>有流失风险</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Can&apos;t Lose Them</source>
        <translation>不能失去的客户</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Hibernating</source>
        <translation>休眠客户</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>(not a buyer)</source>
        <translation>（非购买客户）</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>New</source>
        <translation>新客</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Active</source>
        <translation>活跃</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Won back</source>
        <translation>赢回</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>At risk</source>
        <translation>有风险</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Lapsed</source>
        <translation>流失</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Direct stores</source>
        <translation>直营店</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Franchise stores</source>
        <translation>加盟店</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Own e-commerce</source>
        <translation>自营电商</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Marketplaces</source>
        <translation>第三方平台</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Social media</source>
        <translation>社交媒体</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Phone</source>
        <translation>手机号</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>E-mail</source>
        <translation>电子邮箱</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Member card</source>
        <translation>会员卡</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>WeChat openid</source>
        <translation>微信 openid</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Marketplace account</source>
        <translation>平台账号</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Payment account</source>
        <translation>支付账号</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Other</source>
        <translation>其他</translation>
    </message>
    <message>
        <location filename="../upset.py" line="+17"/>
        <source>%1
%2 customers, average value index %3</source>
        <translation>%1
%2 位客户，平均价值指数 %3</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>no channel</source>
        <translation>无渠道</translation>
    </message>
</context>
</TS>
