<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
<context>
    <name>panels</name>
    <message>
        <location filename="../__init__.py" line="+13"/>
        <source>Service tickets</source>
        <translation>售后工单</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>After-sales tickets from every channel against their SLAs, per channel and dealer, and each customer&apos;s whole history</source>
        <translation>各渠道售后工单的 SLA 监控（按渠道和经销商），以及每位客户的完整历史</translation>
    </message>
</context>
<context>
    <name>service</name>
    <message>
        <location filename="../panel.py" line="+83"/>
        <source>Queue</source>
        <translation>工单队列</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>KPIs</source>
        <translation>服务指标</translation>
    </message>
    <message>
        <location line="+1"/>
        <location filename="../queue_view.py" line="+562"/>
        <source>Customer 360</source>
        <translation>客户360</translation>
    </message>
    <message>
        <location filename="../queue_view.py" line="-332"/>
        <source>Loading the ticket queue…</source>
        <translation>正在加载工单队列…</translation>
    </message>
    <message>
        <location line="+41"/>
        <source>Loading was cancelled</source>
        <translation>已取消加载</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>The queue was not loaded.</source>
        <translation>工单队列未加载。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Load again</source>
        <translation>重新加载</translation>
    </message>
    <message>
        <location line="+31"/>
        <source>No tickets match the filters</source>
        <translation>没有符合筛选条件的工单</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Choose other filters, or all statuses.</source>
        <translation>请更换筛选条件，或选择全部状态。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>%1 tickets: %2 breached, %3 at risk</source>
        <translation>共 %1 张工单：%2 张已超时，%3 张有风险</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>SLA clocks as of %1</source>
        <translation>SLA 计时截至 %1</translation>
    </message>
    <message>
        <location line="+4"/>
        <source> (built-in default policy)</source>
        <translation>（内置默认 SLA 策略）</translation>
    </message>
    <message>
        <location line="+202"/>
        <source>All statuses</source>
        <translation>全部状态</translation>
    </message>
    <message>
        <location line="+43"/>
        <source>Change status…</source>
        <translation>更改状态…</translation>
    </message>
    <message>
        <location filename="../labels.py" line="+57"/>
        <location filename="../queue_view.py" line="-209"/>
        <source>Ticket</source>
        <translation>工单</translation>
    </message>
    <message>
        <location filename="../queue_view.py" line="+1"/>
        <location line="+182"/>
        <source>SLA</source>
        <translation>SLA</translation>
    </message>
    <message>
        <location line="-181"/>
        <source>Next due</source>
        <translation>最近到期</translation>
    </message>
    <message>
        <location filename="../customer_view.py" line="+329"/>
        <location filename="../queue_view.py" line="+1"/>
        <location line="+179"/>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <location filename="../dialogs.py" line="+87"/>
        <location filename="../queue_view.py" line="-178"/>
        <location line="+177"/>
        <source>Priority</source>
        <translation>优先级</translation>
    </message>
    <message>
        <location filename="../labels.py" line="+39"/>
        <location filename="../queue_view.py" line="-176"/>
        <location line="+175"/>
        <source>Category</source>
        <translation>类别</translation>
    </message>
    <message>
        <location filename="../customer_view.py" line="-35"/>
        <location line="+37"/>
        <location filename="../labels.py" line="-1"/>
        <location filename="../queue_view.py" line="-174"/>
        <location line="+171"/>
        <source>Channel</source>
        <translation>渠道</translation>
    </message>
    <message>
        <location line="+1"/>
        <location filename="../dialogs.py" line="-36"/>
        <location filename="../labels.py" line="-1"/>
        <location filename="../queue_view.py" line="-170"/>
        <location line="+171"/>
        <source>Dealer</source>
        <translation>经销商</translation>
    </message>
    <message>
        <location filename="../queue_view.py" line="-170"/>
        <location line="+171"/>
        <source>Region</source>
        <translation>区域</translation>
    </message>
    <message>
        <location line="-170"/>
        <source>Customer</source>
        <translation>客户</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+174"/>
        <source>Age (days)</source>
        <translation>工单时长（天）</translation>
    </message>
    <message>
        <location line="-173"/>
        <source>Opened</source>
        <translation>创建时间</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Escalated</source>
        <translation>已升级</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Subject</source>
        <translation>主题</translation>
    </message>
    <message>
        <location line="+77"/>
        <source>Ticket %1 saved.</source>
        <translation>工单 %1 已保存。</translation>
    </message>
    <message>
        <location line="+42"/>
        <source>All</source>
        <translation>全部</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Unassigned</source>
        <translation>未分配</translation>
    </message>
    <message>
        <location filename="../kpi_view.py" line="+328"/>
        <location filename="../queue_view.py" line="+21"/>
        <source>Open</source>
        <translation>未结</translation>
    </message>
    <message>
        <location filename="../queue_view.py" line="+20"/>
        <source>Auto-refresh</source>
        <translation>自动刷新</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>any</source>
        <translation>不限</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>At least this many days old</source>
        <translation>创建至今不少于该天数</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>At most this many days old</source>
        <translation>创建至今不超过该天数</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Off</source>
        <translation>关闭</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>every %1 s</source>
        <translation>每 %1 秒</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Refresh</source>
        <translation>刷新</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Assign to dealer…</source>
        <translation>分派给经销商…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Escalate…</source>
        <translation>升级…</translation>
    </message>
    <message>
        <location filename="../kpi_view.py" line="-237"/>
        <source>%1 h</source>
        <translation>%1 小时</translation>
    </message>
    <message>
        <location line="+102"/>
        <source>Computing the service KPIs…</source>
        <translation>正在计算服务指标…</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>No tickets were opened in this period</source>
        <translation>该期间没有新建工单</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Choose a longer or an earlier period.</source>
        <translation>请选择更长或更早的期间。</translation>
    </message>
    <message>
        <location line="+25"/>
        <source>Open tickets</source>
        <translation>未结工单</translation>
    </message>
    <message>
        <location line="+163"/>
        <source>Highest resolution breach rates (at least 5 tickets)</source>
        <translation>解决超时率最高（至少 5 张工单）</translation>
    </message>
    <message>
        <location line="-80"/>
        <source>Rank</source>
        <translation>排名</translation>
    </message>
    <message>
        <location filename="../customer_view.py" line="-175"/>
        <location filename="../kpi_view.py" line="+16"/>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <location filename="../kpi_view.py" line="+1"/>
        <location line="+50"/>
        <source>Tickets</source>
        <translation>工单数</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>1st response breached</source>
        <translation>首次响应超时率</translation>
    </message>
    <message>
        <location line="-49"/>
        <location line="+50"/>
        <source>Resolution breached</source>
        <translation>解决超时率</translation>
    </message>
    <message>
        <location line="-47"/>
        <source>Resolution median (h)</source>
        <translation>解决时长中位数（小时）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Resolution p90 (h)</source>
        <translation>解决时长 P90（小时）</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+48"/>
        <source>Reopen rate</source>
        <translation>重开率</translation>
    </message>
    <message>
        <location line="-19"/>
        <source>Tickets opened from</source>
        <translation>工单创建日期从</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>to</source>
        <translation>至</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>by</source>
        <translation>按</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Show</source>
        <translation>显示</translation>
    </message>
    <message>
        <location line="-24"/>
        <source>Tickets opened in the period</source>
        <translation>期间内新建的工单</translation>
    </message>
    <message>
        <location line="+35"/>
        <source>Still open</source>
        <translation>仍未结</translation>
    </message>
    <message>
        <location line="-34"/>
        <source>Of those, open now</source>
        <translation>其中目前仍未结的工单</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Share of tickets whose first-response SLA was breached, among those whose outcome is known</source>
        <translation>首次响应 SLA 超时的工单占已知结果工单的比例</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Share of tickets whose resolution SLA was breached, among those solved or already late</source>
        <translation>解决 SLA 超时的工单占已解决或已超时工单的比例</translation>
    </message>
    <message>
        <location line="+31"/>
        <source>1st response median / p90</source>
        <translation>首次响应 中位数 / P90</translation>
    </message>
    <message>
        <location line="-41"/>
        <source>Business hours from opening to the first response</source>
        <translation>从创建到首次响应的工作时长</translation>
    </message>
    <message>
        <location line="+42"/>
        <source>Resolution median / p90</source>
        <translation>解决时长 中位数 / P90</translation>
    </message>
    <message>
        <location line="-41"/>
        <source>Business hours from opening to resolution</source>
        <translation>从创建到解决的工作时长</translation>
    </message>
    <message>
        <location line="-28"/>
        <source>By resolution breach rate, then first-response breach rate and median resolution time; dealers with fewer than 5 tickets are not ranked</source>
        <translation>依次按解决超时率、首次响应超时率和解决时长中位数排名；工单少于 5 张的经销商不参与排名</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>1st resp. breached</source>
        <translation>首次响应超时率</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>1st resp. median (h)</source>
        <translation>首次响应中位数（小时）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>1st resp. p90 (h)</source>
        <translation>首次响应 P90（小时）</translation>
    </message>
    <message>
        <location line="+27"/>
        <source>Reopened among tickets resolved at least once</source>
        <translation>至少解决过一次的工单中被重开的比例</translation>
    </message>
    <message>
        <location line="+34"/>
        <source>Highest first-response breach rates (at least 5 tickets)</source>
        <translation>首次响应超时率最高（至少 5 张工单）</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Backlog: open tickets at each day&apos;s end</source>
        <translation>积压：每日结束时的未结工单</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Tickets opened per week by category (dashed: 6.18, 11.11, 12.12)</source>
        <translation>每周新建工单（按类别；虚线：6.18、双11、双12）</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Trends</source>
        <translation>趋势</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>By dealer, channel, category</source>
        <translation>按经销商、渠道、类别</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Dealer ranking</source>
        <translation>经销商排名</translation>
    </message>
    <message>
        <location filename="../customer_view.py" line="+226"/>
        <source>No customer chosen</source>
        <translation>尚未选择客户</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Search by name, customer code, phone or e-mail, or open a ticket&apos;s customer from the queue.</source>
        <translation>可按姓名、客户编号、电话或邮箱搜索，或在工单队列中打开工单的客户。</translation>
    </message>
    <message>
        <location line="-247"/>
        <source>No customer matches</source>
        <translation>没有匹配的客户</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Check the spelling, or search by phone or code.</source>
        <translation>请检查拼写，或按电话、编号搜索。</translation>
    </message>
    <message>
        <location line="+18"/>
        <location line="+59"/>
        <source>Code</source>
        <translation>编号</translation>
    </message>
    <message>
        <location line="-57"/>
        <location line="+58"/>
        <source>City</source>
        <translation>城市</translation>
    </message>
    <message>
        <location line="-57"/>
        <location line="+62"/>
        <location line="+76"/>
        <source>First seen</source>
        <translation>首次出现</translation>
    </message>
    <message>
        <location line="-99"/>
        <source>Loading the customer&apos;s history…</source>
        <translation>正在加载客户历史…</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>First channel</source>
        <translation>首个渠道</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Captured by</source>
        <translation>归属经销商</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Orders</source>
        <translation>订单数</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Spent (kept orders)</source>
        <translation>消费金额（不含取消和退货）</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>Value segment</source>
        <translation>价值分群</translation>
    </message>
    <message>
        <location line="-11"/>
        <source>Merged records</source>
        <translation>合并记录数</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>not available</source>
        <translation>暂不可用</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>none: no counted order yet</source>
        <translation>无：尚无有效订单</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Value index</source>
        <translation>价值指数</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Channels active</source>
        <translation>活跃渠道</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Scored as of</source>
        <translation>评分截至</translation>
    </message>
    <message>
        <location line="+33"/>
        <source>Identity</source>
        <translation>身份类型</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Value</source>
        <translation>值</translation>
    </message>
    <message>
        <location line="+29"/>
        <source>When</source>
        <translation>时间</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Event</source>
        <translation>事件</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>What</source>
        <translation>内容</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Reference</source>
        <translation>单号</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Amount</source>
        <translation>金额</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Store</source>
        <translation>门店</translation>
    </message>
    <message>
        <location line="+40"/>
        <source>Customer name, code, phone or e-mail</source>
        <translation>客户姓名、编号、电话或邮箱</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Search</source>
        <translation>搜索</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Timeline</source>
        <translation>时间线</translation>
    </message>
    <message>
        <location filename="../dialogs.py" line="-13"/>
        <source>Assign ticket %1</source>
        <translation>分派工单 %1</translation>
    </message>
    <message>
        <location line="+33"/>
        <source>Escalate ticket %1</source>
        <translation>升级工单 %1</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>%1 (keep)</source>
        <translation>%1（保持不变）</translation>
    </message>
    <message>
        <location line="+29"/>
        <source>Change the status of ticket %1</source>
        <translation>更改工单 %1 的状态</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Now</source>
        <translation>当前状态</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>New status</source>
        <translation>新状态</translation>
    </message>
    <message>
        <location line="+34"/>
        <source>Reload shows the ticket as it is now; then apply your change again if it is still needed.</source>
        <translation>点击“重新加载”查看工单的最新状态；如仍需要，请再次进行修改。</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Reload</source>
        <translation>重新加载</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>yes</source>
        <translation>是</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>no</source>
        <translation>否</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>dealer</source>
        <translation>经销商</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>status</source>
        <translation>状态</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>priority</source>
        <translation>优先级</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>escalated</source>
        <translation>已升级</translation>
    </message>
    <message>
        <location line="-50"/>
        <source>Ticket changed by somebody else</source>
        <translation>工单已被他人修改</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Ticket %1 was saved by somebody else after you loaded it; your change was not saved.</source>
        <translation>工单 %1 在您加载后已被他人保存，您的修改未保存。</translation>
    </message>
    <message>
        <location line="+60"/>
        <source>The change was not saved</source>
        <translation>修改未保存</translation>
    </message>
    <message>
        <location filename="../labels.py" line="-80"/>
        <source>New</source>
        <translation>新建</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Assigned</source>
        <translation>已分派</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>In progress</source>
        <translation>处理中</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Waiting on customer</source>
        <translation>等待客户</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Resolved</source>
        <translation>已解决</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Closed</source>
        <translation>已关闭</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Reopened</source>
        <translation>已重开</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Delivery</source>
        <translation>配送</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Installation</source>
        <translation>安装</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Damage</source>
        <translation>破损</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Complaint</source>
        <translation>投诉</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Return</source>
        <translation>退货</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+44"/>
        <source>Consultation</source>
        <translation>咨询</translation>
    </message>
    <message>
        <location line="-38"/>
        <source>Low</source>
        <translation>低</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Normal</source>
        <translation>普通</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>High</source>
        <translation>高</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Urgent</source>
        <translation>紧急</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Breached</source>
        <translation>已超时</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>At risk</source>
        <translation>有风险</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>On track</source>
        <translation>正常</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Met</source>
        <translation>已达标</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Order</source>
        <translation>订单</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Interaction</source>
        <translation>互动</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Placed</source>
        <translation>已下单</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Paid</source>
        <translation>已付款</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Shipped</source>
        <translation>已发货</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Delivered</source>
        <translation>已送达</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Completed</source>
        <translation>已完成</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Cancelled</source>
        <translation>已取消</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Returned</source>
        <translation>已退货</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Store visit</source>
        <translation>到店</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Page view</source>
        <translation>浏览页面</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Social follow</source>
        <translation>社交关注</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Social engagement</source>
        <translation>社交互动</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Phone</source>
        <translation>电话</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>E-mail</source>
        <translation>邮箱</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Member card</source>
        <translation>会员卡</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>WeChat OpenID</source>
        <translation>微信 OpenID</translation>
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
        <location line="+15"/>
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
        <location line="+7"/>
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
</context>
</TS>
