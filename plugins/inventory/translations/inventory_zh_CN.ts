<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
<context>
    <name>inventory</name>
    <message>
        <location filename="../monitor_view.py" line="+72"/>
        <location line="+373"/>
        <location line="+34"/>
        <source>About to run out</source>
        <translation>即将缺货</translation>
    </message>
    <message>
        <location line="-406"/>
        <location line="+376"/>
        <location line="+31"/>
        <source>Overstocked</source>
        <translation>库存过剩</translation>
    </message>
    <message>
        <location line="-406"/>
        <source>Slow mover</source>
        <translation>慢销品</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>OK</source>
        <translation>正常</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Alert</source>
        <translation>预警</translation>
    </message>
    <message>
        <location line="+1"/>
        <location filename="../sourcing_view.py" line="+170"/>
        <source>Location</source>
        <translation>地点</translation>
    </message>
    <message>
        <location line="+1"/>
        <location filename="../sourcing_view.py" line="+1"/>
        <source>Location name</source>
        <translation>地点名称</translation>
    </message>
    <message>
        <location line="+1"/>
        <location filename="../rebalance_view.py" line="+326"/>
        <location filename="../sourcing_view.py" line="-24"/>
        <location filename="../transfers_view.py" line="+197"/>
        <source>SKU</source>
        <translation>SKU</translation>
    </message>
    <message>
        <location line="+1"/>
        <location filename="../rebalance_view.py" line="+1"/>
        <location filename="../sourcing_view.py" line="+1"/>
        <location filename="../transfers_view.py" line="+1"/>
        <source>Product</source>
        <translation>商品</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+91"/>
        <source>Region</source>
        <translation>大区</translation>
    </message>
    <message>
        <location line="-90"/>
        <location line="+91"/>
        <source>Category</source>
        <translation>品类</translation>
    </message>
    <message>
        <location line="-90"/>
        <source>On hand</source>
        <translation>现有库存</translation>
    </message>
    <message>
        <location line="+1"/>
        <location filename="../sourcing_view.py" line="+30"/>
        <source>Available to promise</source>
        <translation>可承诺量</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>On its way</source>
        <translation>在途</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Sold in %1 days</source>
        <translation>近 %1 天销量</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Daily demand</source>
        <translation>日均需求</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Days of cover</source>
        <translation>可售天数</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Safety stock</source>
        <translation>安全库存</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Stockout risk</source>
        <translation>缺货概率</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+370"/>
        <source>Money at risk</source>
        <translation>风险金额</translation>
    </message>
    <message>
        <location line="-363"/>
        <source>Mean units sold per day over the last %1 days; for slow movers (fewer than %2 units sold in those days) over the last %3 days.</source>
        <translation>近 %1 天的日均销量；慢销品（这些天内售出少于 %2 件）按近 %3 天计算。</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Available to promise (plus stock on its way, when counted) divided by the daily demand; ∞: stock but no sales.</source>
        <translation>可承诺量（计入在途库存时加上在途量）除以日均需求；∞：有库存但没有销售。</translation>
    </message>
    <message>
        <location line="+43"/>
        <location line="+21"/>
        <location line="+1"/>
        <location filename="../transfers_view.py" line="+47"/>
        <source>All</source>
        <translation>全部</translation>
    </message>
    <message>
        <location line="+114"/>
        <source>Computing stock figures…</source>
        <translation>正在计算库存指标…</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>No stock in this scope</source>
        <translation>此范围内没有库存</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Choose another region or category, or record stock levels first.</source>
        <translation>请选择其他大区或品类，或先录入库存。</translation>
    </message>
    <message>
        <location line="+70"/>
        <source>all locations</source>
        <translation>所有地点</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>%1 at %2: stock and demand per day</source>
        <translation>%1 在 %2：每日库存与需求</translation>
    </message>
    <message>
        <location line="+22"/>
        <source>Stock</source>
        <translation>库存</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Demand</source>
        <translation>需求</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Transfer in</source>
        <translation>调入</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Transfer out</source>
        <translation>调出</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>%1 at %2: stock and demand per day (on hand %3, %4 transfers)</source>
        <translation>%1 在 %2：每日库存与需求（现有 %3，调拨 %4 笔）</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Service level</source>
        <translation>服务水平</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Probability of not running out during the lead time; sets the safety stock.</source>
        <translation>补货周期内不缺货的概率，决定安全库存。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Lead time (days)</source>
        <translation>补货周期（天）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Overstock above (days of cover)</source>
        <translation>过剩阈值（可售天数）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Count stock on its way</source>
        <translation>计入在途库存</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Refresh</source>
        <translation>刷新</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Stock rows</source>
        <translation>库存记录</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Location x SKU rows in the scope.</source>
        <translation>范围内的地点 × SKU 记录数。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Rows whose stockout risk over the lead time is at least 25 %.</source>
        <translation>补货周期内缺货概率不低于 25% 的记录。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Rows with more stock than both their target and the overstock threshold&apos;s days of cover.</source>
        <translation>库存既高于目标库存、又超过过剩阈值覆盖天数的行。</translation>
    </message>
    <message>
        <location line="+7"/>
        <location line="+24"/>
        <source>Slow movers</source>
        <translation>慢销品</translation>
    </message>
    <message>
        <location line="-23"/>
        <source>Rows with stock that sold fewer than %1 units in the last %2 days and are not overstocked: their days of cover use the daily sales of the last %3 days.</source>
        <translation>有库存、近 %2 天售出少于 %1 件且未过剩的行：其覆盖天数按近 %3 天的日均销量计算。</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Expected lost sales (shortage x price) plus capital tied up in excess stock.</source>
        <translation>预计损失销售额（缺货量 × 售价）加上过剩库存占用的资金。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Days of cover by region and category</source>
        <translation>各大区、品类的可售天数</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>All alerts</source>
        <translation>全部预警</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Choose an alert to see its stock and demand over time.</source>
        <translation>选择一条预警，查看其库存与需求走势。</translation>
    </message>
    <message>
        <location filename="../panel.py" line="+67"/>
        <source>Stock monitor</source>
        <translation>库存监控</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Rebalancing</source>
        <translation>库存调拨</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Transfer orders</source>
        <translation>调拨单</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Online order sourcing</source>
        <translation>线上订单寻源</translation>
    </message>
    <message>
        <location filename="../rebalance_view.py" line="-273"/>
        <source>Open</source>
        <translation>待审批</translation>
    </message>
    <message>
        <location line="+1"/>
        <location filename="../transfers_view.py" line="-191"/>
        <location line="+107"/>
        <source>Approved</source>
        <translation>已批准</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Discarded</source>
        <translation>已放弃</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Stale</source>
        <translation>已过期</translation>
    </message>
    <message>
        <location line="+133"/>
        <location filename="../transfers_view.py" line="+3"/>
        <source>Proposal</source>
        <translation>方案</translation>
    </message>
    <message>
        <location line="+1"/>
        <location filename="../sourcing_view.py" line="-80"/>
        <location filename="../transfers_view.py" line="-12"/>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Scope</source>
        <translation>范围</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Computed</source>
        <translation>计算时间</translation>
    </message>
    <message>
        <location line="+1"/>
        <location filename="../transfers_view.py" line="+5"/>
        <source>Lines</source>
        <translation>行数</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+137"/>
        <location filename="../sourcing_view.py" line="+51"/>
        <location filename="../transfers_view.py" line="+1"/>
        <location line="+41"/>
        <source>Units</source>
        <translation>件数</translation>
    </message>
    <message>
        <location line="-136"/>
        <source>Total cost</source>
        <translation>总成本</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>All network</source>
        <translation>全网</translation>
    </message>
    <message>
        <location line="+38"/>
        <location filename="../tasks.py" line="+129"/>
        <source>Optimising transfers…</source>
        <translation>正在优化调拨…</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>No proposal yet</source>
        <translation>尚无调拨方案</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Choose a scope and press Propose transfers, or open a saved proposal above.</source>
        <translation>选择范围后点击“生成调拨方案”，或打开上方已保存的方案。</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>%1 of %2</source>
        <translation>%1 / %2</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>optimal</source>
        <translation>最优</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>gap %1</source>
        <translation>差距 %1</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Proposal %1 (%2): %3 lines</source>
        <translation>方案 %1（%2）：%3 行</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>This proposal moves nothing</source>
        <translation>此方案没有调拨</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>No location can help another at less than the cost of the shortage.</source>
        <translation>没有任何地点能以低于缺货成本的代价支援其他地点。</translation>
    </message>
    <message>
        <location line="+13"/>
        <location filename="../transfers_view.py" line="-46"/>
        <source>From</source>
        <translation>调出地</translation>
    </message>
    <message>
        <location line="+1"/>
        <location filename="../transfers_view.py" line="+1"/>
        <source>Sending location</source>
        <translation>调出地点</translation>
    </message>
    <message>
        <location line="+1"/>
        <location filename="../transfers_view.py" line="+1"/>
        <source>To</source>
        <translation>调入地</translation>
    </message>
    <message>
        <location line="+1"/>
        <location filename="../transfers_view.py" line="+1"/>
        <source>Receiving location</source>
        <translation>调入地点</translation>
    </message>
    <message>
        <location line="+2"/>
        <location filename="../transfers_view.py" line="+44"/>
        <source>Cost per unit</source>
        <translation>单件运费</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+153"/>
        <location filename="../transfers_view.py" line="-41"/>
        <source>Transport cost</source>
        <translation>运输成本</translation>
    </message>
    <message>
        <location line="-136"/>
        <source>Change quantity</source>
        <translation>修改数量</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Units of %1 from %2 to %3:</source>
        <translation>%1 从 %2 调往 %3 的件数：</translation>
    </message>
    <message>
        <location line="+41"/>
        <source>Your changes were checked and saved.</source>
        <translation>修改已校验并保存。</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>Approved: %1 transfer order(s) created; the units are reserved at the sending locations until they ship.</source>
        <translation>已批准：生成 %1 张调拨单；发货前这些库存在调出地点保持预留。</translation>
    </message>
    <message>
        <location line="+60"/>
        <source>Cost of a missing unit</source>
        <translation>缺货单件成本</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Lost margin</source>
        <translation>损失毛利</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Price</source>
        <translation>售价</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Time limit (s)</source>
        <translation>时间上限（秒）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Propose transfers</source>
        <translation>生成调拨方案</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Recompute</source>
        <translation>重新计算</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Change quantity…</source>
        <translation>修改数量…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Remove lines</source>
        <translation>删除行</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Discard</source>
        <translation>放弃</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Approve</source>
        <translation>批准</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Unit cost per lane x units moved.</source>
        <translation>线路单件运费 × 调拨件数。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Lane costs</source>
        <translation>线路固定成本</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Fixed cost of each lane used (one shipment per lane).</source>
        <translation>每条使用线路的固定成本（每条线路一次发运）。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Shortage avoided (units)</source>
        <translation>避免缺货（件）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Units of need met by the transfers, of all units needed.</source>
        <translation>调拨满足的需求件数 / 全部需求件数。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Saving vs doing nothing</source>
        <translation>相比不调拨节省</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Cost of leaving every need unmet minus the total cost of this proposal.</source>
        <translation>全部需求不满足的成本减去本方案总成本。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Solution</source>
        <translation>求解结果</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Optimal, or the largest possible distance to the best plan (proven bound).</source>
        <translation>最优，或与最佳方案的最大可能差距（已证明的下界）。</translation>
    </message>
    <message>
        <location filename="../sourcing_view.py" line="-120"/>
        <source>Placed, not paid</source>
        <translation>已下单未付款</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Paid</source>
        <translation>已付款</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Direct store</source>
        <translation>直营店</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Franchise store</source>
        <translation>加盟店</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Experience store</source>
        <translation>体验店</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Warehouse</source>
        <translation>仓库</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Front warehouse</source>
        <translation>前置仓</translation>
    </message>
    <message>
        <location line="+44"/>
        <source>No open online orders</source>
        <translation>没有待处理的线上订单</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Orders that are placed or paid appear here.</source>
        <translation>已下单或已付款的订单显示在这里。</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Order</source>
        <translation>订单</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Placed</source>
        <translation>下单时间</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>City</source>
        <translation>城市</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Postcode</source>
        <translation>邮编</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Amount</source>
        <translation>金额</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Assigned dealer</source>
        <translation>已分配经销商</translation>
    </message>
    <message>
        <location line="+28"/>
        <source>none (no territory holds this customer)</source>
        <translation>无（没有经销商区域覆盖该客户）</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>&lt;b&gt;%1&lt;/b&gt; to %2 (%3): delivered by dealer &lt;b&gt;%4&lt;/b&gt;</source>
        <translation>&lt;b&gt;%1&lt;/b&gt; 送往 %2（%3）：由经销商 &lt;b&gt;%4&lt;/b&gt; 配送</translation>
    </message>
    <message>
        <location line="+21"/>
        <source>No location holds these products</source>
        <translation>没有地点有这些商品的库存</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Rebalance stock toward this region, or reorder.</source>
        <translation>请向该地区调拨库存，或补货。</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Dealer</source>
        <translation>经销商</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Distance (km)</source>
        <translation>距离（公里）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Whole order</source>
        <translation>整单可发</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Lines in stock</source>
        <translation>有货行数</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Units available</source>
        <translation>可用件数</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Choose an online order</source>
        <translation>请选择一个线上订单</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The locations able to ship it are listed nearest first, with the dealer who delivers it.</source>
        <translation>按距离由近到远列出能发货的地点，并显示负责配送的经销商。</translation>
    </message>
    <message>
        <location filename="../transfers_view.py" line="-106"/>
        <source>Proposed</source>
        <translation>已提议</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>In transit</source>
        <translation>在途</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+107"/>
        <source>Received</source>
        <translation>已收货</translation>
    </message>
    <message>
        <location line="-106"/>
        <source>Cancelled</source>
        <translation>已取消</translation>
    </message>
    <message>
        <location line="+68"/>
        <source>No transfer orders</source>
        <translation>没有调拨单</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Approve a rebalancing proposal to create some.</source>
        <translation>批准一个调拨方案即可生成调拨单。</translation>
    </message>
    <message>
        <location line="+25"/>
        <source>Transfer</source>
        <translation>调拨单</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Lane cost</source>
        <translation>线路成本</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Shipped</source>
        <translation>发货时间</translation>
    </message>
    <message>
        <location line="+79"/>
        <source>Show</source>
        <translation>显示</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Open (approved or in transit)</source>
        <translation>未完成（已批准或在途）</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Ship</source>
        <translation>发货</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Receive</source>
        <translation>收货</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Cancel transfer</source>
        <translation>取消调拨</translation>
    </message>
    <message>
        <location filename="../tasks.py" line="-3"/>
        <source>Loading stock…</source>
        <translation>正在读取库存…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Building lanes…</source>
        <translation>正在建立运输线路…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Checking the data…</source>
        <translation>正在检查数据…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Saving the proposal…</source>
        <translation>正在保存方案…</translation>
    </message>
</context>
<context>
    <name>panels</name>
    <message>
        <location filename="../__init__.py" line="+13"/>
        <source>Inventory</source>
        <translation>库存</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Watch stock in every store and warehouse and rebalance it at least cost</source>
        <translation>监控所有门店和仓库的库存，以最低成本调拨</translation>
    </message>
</context>
</TS>
