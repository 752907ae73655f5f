<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
<context>
    <name>channel_performance</name>
    <message>
        <location filename="../panel.py" line="+195"/>
        <location line="+89"/>
        <source>Loading…</source>
        <translation>正在加载…</translation>
    </message>
    <message>
        <location line="-23"/>
        <source>Checking the KPI rollups…</source>
        <translation>正在检查 KPI 汇总表…</translation>
    </message>
    <message>
        <location line="+98"/>
        <source>No orders from %1 to %2</source>
        <translation>%1 至 %2 没有订单</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>The data ends on %1: choose an earlier range.</source>
        <translation>数据截至 %1：请选择更早的日期范围。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>%1 has no store with orders in this range and fulfilled no online order.</source>
        <translation>%1 在此期间没有有订单的门店，也没有履约任何线上订单。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>No order matches the channel, online/offline or category filter.</source>
        <translation>没有订单符合所选的渠道、线上/线下或品类筛选条件。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Widen the date range, or go back up.</source>
        <translation>请扩大日期范围，或返回上一级。</translation>
    </message>
    <message>
        <location line="+57"/>
        <source>Revenue: %1 × channel</source>
        <translation>销售额：%1 × 渠道</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Nothing to rank</source>
        <translation>没有可排名的数据</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Widen the date range.</source>
        <translation>请扩大日期范围。</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>%1 has no stores: only the online orders it fulfils are shown.</source>
        <translation>%1 没有门店：仅显示其履约的线上订单。</translation>
    </message>
    <message>
        <location line="+28"/>
        <source>anonymous</source>
        <translation>匿名</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>%1–%2 of %3</source>
        <translation>第 %1–%2 条，共 %3 条</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>No orders in this store in this range</source>
        <translation>该门店在此期间没有订单</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>The KPI rollups could not be updated (%1): figures come straight from the orders, which is slower.</source>
        <translation>KPI 汇总表无法更新（%1）：数据直接由订单计算，速度较慢。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>The KPI rollups are out of date: figures come straight from the orders, which is slower. Run “hq-console db refresh-rollups”.</source>
        <translation>KPI 汇总表已过期：数据直接由订单计算，速度较慢。请运行“hq-console db refresh-rollups”。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>The KPI rollups were brought up to date with the latest orders.</source>
        <translation>KPI 汇总表已根据最新订单更新。</translation>
    </message>
    <message>
        <location line="+71"/>
        <source>All regions</source>
        <translation>全部区域</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>KPIs</source>
        <translation>关键指标</translation>
    </message>
    <message>
        <location line="+5"/>
        <location line="+83"/>
        <source>Revenue by channel</source>
        <translation>各渠道销售额</translation>
    </message>
    <message>
        <location line="-80"/>
        <location line="+81"/>
        <source>Channel mix</source>
        <translation>渠道构成</translation>
    </message>
    <message>
        <location line="-70"/>
        <source>Ranking</source>
        <translation>排名</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Heatmap</source>
        <translation>热力图</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Revenue chart</source>
        <translation>销售额图表</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Mix chart</source>
        <translation>渠道构成图表</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Anonymous chart</source>
        <translation>匿名占比图表</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Heatmap chart</source>
        <translation>热力图图表</translation>
    </message>
    <message>
        <location line="+24"/>
        <location filename="../texts.py" line="+16"/>
        <source>Revenue (GMV)</source>
        <translation>销售额（GMV）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>vs previous period</source>
        <translation>较上期</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>vs last year</source>
        <translation>较去年同期</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Online orders</source>
        <translation>线上订单</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Revenue trend</source>
        <translation>销售额走势</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Order</source>
        <translation>订单</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Placed</source>
        <translation>下单时间</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Channel type</source>
        <translation>渠道类型</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Channel</source>
        <translation>渠道</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Customer</source>
        <translation>客户</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Amount</source>
        <translation>金额</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Returned</source>
        <translation>退货金额</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Lines per channel</source>
        <translation>按渠道折线</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Channel mix (share)</source>
        <translation>渠道构成（占比）</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Previous</source>
        <translation>上一页</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Next</source>
        <translation>下一页</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Export the view to Excel…</source>
        <translation>将当前视图导出为 Excel…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Revenue chart as PNG…</source>
        <translation>销售额图表导出为 PNG…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Channel mix chart as PNG…</source>
        <translation>渠道构成图表导出为 PNG…</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Anonymous-share chart as PNG…</source>
        <translation>匿名订单占比图表导出为 PNG…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Heatmap as PNG…</source>
        <translation>热力图导出为 PNG…</translation>
    </message>
    <message>
        <location filename="../texts.py" line="+1"/>
        <source>Amount paid (after discounts) of all orders placed in the period, cancelled orders excluded; returns not deducted.</source>
        <translation>期间内所有订单的实付金额（折后），不含已取消订单；未扣除退货。</translation>
    </message>
    <message>
        <location filename="../panel.py" line="-49"/>
        <location filename="../texts.py" line="+5"/>
        <source>Net revenue</source>
        <translation>净销售额</translation>
    </message>
    <message>
        <location filename="../texts.py" line="+1"/>
        <source>Revenue (GMV) minus the amount refunded for returns of those orders.</source>
        <translation>销售额（GMV）减去这些订单的退货退款金额。</translation>
    </message>
    <message>
        <location filename="../panel.py" line="-40"/>
        <location line="+41"/>
        <location filename="../texts.py" line="+4"/>
        <location line="+77"/>
        <source>Orders</source>
        <translation>订单数</translation>
    </message>
    <message>
        <location filename="../texts.py" line="-76"/>
        <source>Orders placed in the period, cancelled orders excluded.</source>
        <translation>期间内下单的订单数，不含已取消订单。</translation>
    </message>
    <message>
        <location filename="../panel.py" line="+1"/>
        <location filename="../texts.py" line="+3"/>
        <source>Average order value</source>
        <translation>客单价</translation>
    </message>
    <message>
        <location filename="../texts.py" line="+1"/>
        <source>Revenue (GMV) divided by orders.</source>
        <translation>销售额（GMV）除以订单数。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Active customers</source>
        <translation>活跃客户</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Identified customers with at least one order in the period (anonymous orders have no customer).</source>
        <translation>期间内至少下过一单的已识别客户（匿名订单没有客户）。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>New customers</source>
        <translation>新客户</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Active customers whose first order ever (any channel) was placed in the period.</source>
        <translation>首次下单（任一渠道）发生在期间内的活跃客户。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Returning customers</source>
        <translation>回头客</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Active customers who had ordered before the period: active minus new.</source>
        <translation>在期间之前已下过单的活跃客户：活跃客户减新客户。</translation>
    </message>
    <message>
        <location filename="../panel.py" line="-46"/>
        <location line="+47"/>
        <location line="+33"/>
        <location filename="../texts.py" line="+4"/>
        <source>Anonymous-order share</source>
        <translation>匿名订单占比</translation>
    </message>
    <message>
        <location filename="../texts.py" line="+1"/>
        <source>Share of orders with no identified customer.</source>
        <translation>没有已识别客户的订单所占比例。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Online orders fulfilled by dealers</source>
        <translation>经销商履约的线上订单</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Online orders (own e-commerce, marketplaces, social) that a dealer delivers.</source>
        <translation>由经销商配送的线上订单（自营电商、第三方平台、社交媒体）。</translation>
    </message>
    <message>
        <location filename="../panel.py" line="-31"/>
        <location filename="../texts.py" line="+4"/>
        <source>Dealer-fulfilled share of online orders</source>
        <translation>线上订单经销商履约占比</translation>
    </message>
    <message>
        <location filename="../texts.py" line="+1"/>
        <source>Online orders fulfilled by a dealer divided by all online orders.</source>
        <translation>经销商履约的线上订单除以全部线上订单。</translation>
    </message>
    <message>
        <location filename="../panel.py" line="+5"/>
        <location filename="../texts.py" line="+4"/>
        <source>Interaction-to-order conversion</source>
        <translation>互动转化率</translation>
    </message>
    <message>
        <location filename="../texts.py" line="+1"/>
        <source>Share of interactions (store visits, page views, social, consultations) in the period that led to an order.</source>
        <translation>期间内带来订单的互动（到店、浏览、社交互动、咨询）所占比例。</translation>
    </message>
    <message>
        <location filename="../panel.py" line="-2"/>
        <location filename="../texts.py" line="+5"/>
        <source>Return rate</source>
        <translation>退货率</translation>
    </message>
    <message>
        <location filename="../texts.py" line="+1"/>
        <source>Amount refunded for returns divided by revenue (GMV).</source>
        <translation>退货退款金额除以销售额（GMV）。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Gross margin</source>
        <translation>毛利</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Net revenue minus the cost of the goods customers kept.</source>
        <translation>净销售额减去客户保留商品的成本。</translation>
    </message>
    <message>
        <location filename="../panel.py" line="+1"/>
        <location filename="../texts.py" line="+3"/>
        <source>Gross margin rate</source>
        <translation>毛利率</translation>
    </message>
    <message>
        <location filename="../texts.py" line="+1"/>
        <source>Gross margin divided by net revenue.</source>
        <translation>毛利除以净销售额。</translation>
    </message>
    <message>
        <location line="+4"/>
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
        <source>Direct</source>
        <translation>直营</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Franchise</source>
        <translation>加盟</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Web shop</source>
        <translation>自营电商</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Market</source>
        <translation>平台</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Social</source>
        <translation>社交</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>No region</source>
        <translation>无区域</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>No city</source>
        <translation>无城市</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>No dealer (HQ / unassigned)</source>
        <translation>无经销商（总部/未分配）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Online (no store)</source>
        <translation>线上（无门店）</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Region</source>
        <translation>区域</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>City</source>
        <translation>城市</translation>
    </message>
    <message>
        <location filename="../panel.py" line="+13"/>
        <location filename="../texts.py" line="+1"/>
        <source>Dealer</source>
        <translation>经销商</translation>
    </message>
    <message>
        <location line="-1"/>
        <location filename="../texts.py" line="+1"/>
        <source>Store</source>
        <translation>门店</translation>
    </message>
    <message>
        <location filename="../texts.py" line="+4"/>
        <source>Day</source>
        <translation>日</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Week</source>
        <translation>周</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Month</source>
        <translation>月</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Quarter</source>
        <translation>季度</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Year</source>
        <translation>年</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>placed</source>
        <translation>已下单</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>paid</source>
        <translation>已付款</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>shipped</source>
        <translation>已发货</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>delivered</source>
        <translation>已送达</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>completed</source>
        <translation>已完成</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>returned</source>
        <translation>已退货</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>All orders</source>
        <translation>全部订单</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Offline</source>
        <translation>线下</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Online</source>
        <translation>线上</translation>
    </message>
    <message>
        <location filename="../cards.py" line="+58"/>
        <source>pt</source>
        <translation>个百分点</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>vs prev.</source>
        <translation>较上期</translation>
    </message>
    <message>
        <location line="+6"/>
        <location line="+6"/>
        <source>YoY</source>
        <translation>同比</translation>
    </message>
    <message>
        <location filename="../filter_bar.py" line="+183"/>
        <location line="+15"/>
        <source>All channels</source>
        <translation>全部渠道</translation>
    </message>
    <message>
        <location line="-11"/>
        <source>%1 channels</source>
        <translation>%1 个渠道</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>By</source>
        <translation>周期</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>From</source>
        <translation>从</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>to</source>
        <translation>至</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>First day of the range (not after the last day)</source>
        <translation>起始日期（不能晚于结束日期）</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Last day of the range (not before the first day)</source>
        <translation>结束日期（不能早于起始日期）</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Channel types to include (none ticked: all)</source>
        <translation>要包含的渠道类型（不勾选：全部）</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Online and offline</source>
        <translation>线上和线下</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Online only</source>
        <translation>仅线上</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Offline only</source>
        <translation>仅线下</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>All categories</source>
        <translation>全部品类</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Export</source>
        <translation>导出</translation>
    </message>
</context>
<context>
    <name>panels</name>
    <message>
        <location filename="../__init__.py" line="+14"/>
        <source>Channel performance</source>
        <translation>渠道业绩</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Revenue, customers and online share by channel, region, dealer and store</source>
        <translation>按渠道、区域、经销商和门店查看销售额、客户和线上占比</translation>
    </message>
</context>
</TS>
