<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
<context>
    <name>budget</name>
    <message>
        <location filename="../curves_view.py" line="+264"/>
        <location line="+102"/>
        <location filename="../plans_view.py" line="+256"/>
        <location line="+81"/>
        <source>Weeks</source>
        <translation>周数</translation>
    </message>
    <message>
        <location line="-97"/>
        <source>Curve</source>
        <translation>曲线</translation>
    </message>
    <message>
        <location line="+3"/>
        <location line="+95"/>
        <source>Fit</source>
        <translation>拟合</translation>
    </message>
    <message>
        <location line="-89"/>
        <source>True curve (demo)</source>
        <translation>真实曲线（演示数据）</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>No curve could be fitted (%1): enter the parameters by hand to plan this cell; until then it is left out.</source>
        <translation>无法拟合曲线（%1）：请手动输入参数以规划此单元；在此之前它不参与规划。</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Fit over %1 weeks: R² %2, MAPE %3, carry-over (decay) %4. Spend observed from %5 to %6 per week; the curve is less certain beyond.</source>
        <translation>基于 %1 周拟合：R² %2，MAPE %3，延滞效应（衰减）%4。观测到的每周投放为 %5 至 %6；超出此范围曲线不太可靠。</translation>
    </message>
    <message>
        <location line="+44"/>
        <location filename="../panel.py" line="+949"/>
        <source>Response curves</source>
        <translation>响应曲线</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Response curve chart</source>
        <translation>响应曲线图</translation>
    </message>
    <message>
        <location line="+4"/>
        <location filename="../editor.py" line="+364"/>
        <location line="+223"/>
        <location filename="../panel.py" line="-33"/>
        <location filename="../views.py" line="+154"/>
        <location line="+59"/>
        <location line="+325"/>
        <source>Channel</source>
        <translation>渠道</translation>
    </message>
    <message>
        <location line="+1"/>
        <location filename="../editor.py" line="-222"/>
        <location line="+220"/>
        <location filename="../panel.py" line="+1"/>
        <location filename="../views.py" line="-383"/>
        <location line="+59"/>
        <location line="+325"/>
        <source>Region</source>
        <translation>区域</translation>
    </message>
    <message>
        <location line="+1"/>
        <location filename="../views.py" line="-177"/>
        <source>Outcome</source>
        <translation>成效</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Shape α</source>
        <translation>形状 α</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Half-saturation γ</source>
        <translation>半饱和 γ</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Saturation β</source>
        <translation>饱和 β</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Carry-over</source>
        <translation>延滞效应</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>R²</source>
        <translation>R²</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>MAPE</source>
        <translation>MAPE</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Set by hand</source>
        <translation>手动设定</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Set the curve by hand</source>
        <translation>手动设定曲线</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Shape α (≤ 1 concave)</source>
        <translation>形状 α（≤ 1 为凹）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Half-saturation spend γ</source>
        <translation>半饱和投放 γ</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Saturation level β</source>
        <translation>饱和水平 β</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Use these values</source>
        <translation>使用这些数值</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Back to the fit</source>
        <translation>恢复拟合值</translation>
    </message>
    <message>
        <location filename="../editor.py" line="-326"/>
        <location line="+246"/>
        <source>&apos;%1&apos; is not an amount of zero or more</source>
        <translation>“%1”不是大于等于 0 的金额</translation>
    </message>
    <message>
        <location line="-139"/>
        <location filename="../texts.py" line="+37"/>
        <source>Current</source>
        <translation>当前</translation>
    </message>
    <message>
        <location line="+1"/>
        <location filename="../panel.py" line="+2"/>
        <source>Min ¥</source>
        <translation>最小 ¥</translation>
    </message>
    <message>
        <location line="+1"/>
        <location filename="../panel.py" line="+1"/>
        <source>Max ¥</source>
        <translation>最大 ¥</translation>
    </message>
    <message>
        <location line="+1"/>
        <location filename="../panel.py" line="+1"/>
        <source>Min %</source>
        <translation>最小 %</translation>
    </message>
    <message>
        <location line="+1"/>
        <location filename="../panel.py" line="+1"/>
        <source>Max %</source>
        <translation>最大 %</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Lock</source>
        <translation>锁定</translation>
    </message>
    <message>
        <location line="+1"/>
        <location filename="../panel.py" line="+2"/>
        <source>Manual ¥</source>
        <translation>手动 ¥</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Current weekly spend: the mean of the last 4 weeks.</source>
        <translation>当前每周投放：最近 4 周的平均值。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Minimum in percent of the cell&apos;s current weekly spend.</source>
        <translation>最小值，以该单元当前每周投放的百分比表示。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Hold the cell at its manual amount.</source>
        <translation>将该单元固定在其手动金额。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Your own plan, compared with the optimal one.</source>
        <translation>您自己的方案，与最优方案对比。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Bounds in:</source>
        <translation>上下限单位：</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>% of current</source>
        <translation>当前投放的 %</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>¥ per week</source>
        <translation>每周 ¥</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>All cells:</source>
        <translation>所有单元：</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>min </source>
        <translation>最小 </translation>
    </message>
    <message>
        <location line="+1"/>
        <source>max </source>
        <translation>最大 </translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Apply</source>
        <translation>应用</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Clear bounds</source>
        <translation>清除上下限</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Manual = current</source>
        <translation>手动 = 当前</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Manual = optimal</source>
        <translation>手动 = 最优</translation>
    </message>
    <message>
        <location line="+182"/>
        <source>Minimum</source>
        <translation>最小</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Maximum</source>
        <translation>最大</translation>
    </message>
    <message>
        <location line="+1"/>
        <location filename="../panel.py" line="+49"/>
        <location filename="../views.py" line="+68"/>
        <source>Online share</source>
        <translation>线上占比</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Offline share</source>
        <translation>线下占比</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Region caps (per week, empty: none)</source>
        <translation>区域上限（每周，空白表示无）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Channel caps (per week, empty: none)</source>
        <translation>渠道上限（每周，空白表示无）</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Cap ¥</source>
        <translation>上限 ¥</translation>
    </message>
    <message>
        <location filename="../panel.py" line="-847"/>
        <source>Save a version of the plan</source>
        <translation>保存方案版本</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>the optimal plan</source>
        <translation>最优方案</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>my manual plan</source>
        <translation>我的手动方案</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Plan name:</source>
        <translation>方案名称：</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Save:</source>
        <translation>保存：</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Note:</source>
        <translation>备注：</translation>
    </message>
    <message>
        <location line="+190"/>
        <location filename="../tasks.py" line="+78"/>
        <source>Fitting response curves…</source>
        <translation>正在拟合响应曲线…</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>No marketing history</source>
        <translation>没有营销历史数据</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Response curves are fitted from weekly spend and outcomes per marketing channel and region: import that history first.</source>
        <translation>响应曲线根据各营销渠道和区域的每周投放与成效拟合：请先导入这些历史数据。</translation>
    </message>
    <message>
        <location line="+106"/>
        <location line="+69"/>
        <source>Re-optimising…</source>
        <translation>正在重新优化…</translation>
    </message>
    <message>
        <location line="-56"/>
        <location line="+479"/>
        <source>%1% brand</source>
        <translation>品牌 %1%</translation>
    </message>
    <message>
        <location line="-470"/>
        <source>%1 of current spend</source>
        <translation>为当前投放的 %1</translation>
    </message>
    <message>
        <location line="+35"/>
        <source>&lt;b&gt;Some entries are not amounts.&lt;/b&gt; %1</source>
        <translation>&lt;b&gt;部分输入不是金额。&lt;/b&gt;%1</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Correct the marked fields (a number of 0 or more).</source>
        <translation>请更正标记的字段（大于等于 0 的数字）。</translation>
    </message>
    <message>
        <location line="+28"/>
        <source>Optimised in %1 s</source>
        <translation>优化用时 %1 秒</translation>
    </message>
    <message>
        <location line="+30"/>
        <source>The views show the last plan that met the constraints.</source>
        <translation>各视图显示最近一个满足约束的方案。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>No plan meets these constraints.</source>
        <translation>没有方案能满足这些约束。</translation>
    </message>
    <message>
        <location line="+53"/>
        <source>vs current plan</source>
        <translation>相比当前方案</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>of %1 budget</source>
        <translation>预算 %1</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>%1 per extra ¥1</source>
        <translation>每多投 ¥1 增加的%1</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>current %1</source>
        <translation>当前 %1</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Proven optimal</source>
        <translation>已证明最优</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Gap %1</source>
        <translation>差距 %1</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Best found</source>
        <translation>已找到的最佳</translation>
    </message>
    <message>
        <location line="+4"/>
        <location filename="../plans_view.py" line="-67"/>
        <source>Expected %1 / week</source>
        <translation>预期每周%1</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>What the optimal plan&apos;s cells bring per week by their response curves, compared with the current weekly spend under the same curves.</source>
        <translation>按响应曲线计算的最优方案各单元每周带来的成效，并与同一曲线下当前每周投放的成效对比。</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>New plan (not saved)</source>
        <translation>新方案（未保存）</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Revising %1 revision %2: saving creates a new revision</source>
        <translation>正在修订 %1 第 %2 版：保存将创建新版本</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>%1 — revision %2 (%3)</source>
        <translation>%1 — 第 %2 版（%3）</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>read-only</source>
        <translation>只读</translation>
    </message>
    <message>
        <location line="+23"/>
        <source>&lt;b&gt;This revision is approved and read-only.&lt;/b&gt; The manual plan shows it; to change it, revise it as a new draft revision.</source>
        <translation>&lt;b&gt;此版本已批准，只读。&lt;/b&gt;手动方案列显示其分配；如需修改，请修订为新的草稿版本。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Revise as a new draft</source>
        <translation>修订为新草稿</translation>
    </message>
    <message>
        <location line="+47"/>
        <source>Campaign plan</source>
        <translation>营销活动方案</translation>
    </message>
    <message>
        <location line="+32"/>
        <source>Saved as &apos;%1&apos; revision %2 (draft).</source>
        <translation>已保存为“%1”第 %2 版（草稿）。</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>Save anyway</source>
        <translation>仍然保存</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Show the plans</source>
        <translation>查看方案</translation>
    </message>
    <message>
        <location line="+33"/>
        <source>Campaign for %1</source>
        <translation>%1 营销活动</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>Planning a campaign for segment %1 (%2 customers).</source>
        <translation>正在为客群 %1（%2 位客户）规划营销活动。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Channels that reach none of them are held at 0: %1. The weekly budget starts at what the other channels spend now.</source>
        <translation>触达不到这些客户的渠道保持为 0：%1。每周预算从其他渠道当前的投放额开始。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Every channel reaches some of them.</source>
        <translation>每个渠道都能触达其中部分客户。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Plan without the segment</source>
        <translation>不按客群规划</translation>
    </message>
    <message>
        <location line="+32"/>
        <source>Constraints</source>
        <translation>约束</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Exported to %1.</source>
        <translation>已导出到 %1。</translation>
    </message>
    <message>
        <location line="+15"/>
        <location filename="../views.py" line="-273"/>
        <source>Current / week</source>
        <translation>当前 / 周</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Locked</source>
        <translation>锁定</translation>
    </message>
    <message>
        <location line="+11"/>
        <source>Objective:</source>
        <translation>目标：</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Immediate leads</source>
        <translation>即时线索</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Brand</source>
        <translation>品牌</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Target revenue / week:</source>
        <translation>每周目标收入：</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Budget / week:</source>
        <translation>每周预算：</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Plan weeks:</source>
        <translation>方案周数：</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Save version…</source>
        <translation>保存版本…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Export XLSX…</source>
        <translation>导出 XLSX…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Cells</source>
        <translation>单元</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Shares and caps</source>
        <translation>占比与上限</translation>
    </message>
    <message>
        <location line="+2"/>
        <location filename="../views.py" line="+13"/>
        <source>Allocation</source>
        <translation>分配</translation>
    </message>
    <message>
        <location line="+2"/>
        <location filename="../views.py" line="-6"/>
        <location line="+59"/>
        <location line="+319"/>
        <source>Marginal return</source>
        <translation>边际回报</translation>
    </message>
    <message>
        <location line="+1"/>
        <location filename="../views.py" line="-170"/>
        <source>Expected outcome</source>
        <translation>预期成效</translation>
    </message>
    <message>
        <location line="+1"/>
        <location filename="../views.py" line="+63"/>
        <source>Online vs offline</source>
        <translation>线上与线下</translation>
    </message>
    <message>
        <location line="+1"/>
        <location filename="../views.py" line="+121"/>
        <location line="+1"/>
        <source>Certificate</source>
        <translation>最优性证明</translation>
    </message>
    <message>
        <location line="+1"/>
        <location filename="../plans_view.py" line="+54"/>
        <source>Plans</source>
        <translation>方案</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Expected response / week</source>
        <translation>每周预期响应</translation>
    </message>
    <message>
        <location line="+2"/>
        <location filename="../plans_view.py" line="-62"/>
        <source>Planned spend / week</source>
        <translation>每周计划投放</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Weekly spend of the optimal plan.</source>
        <translation>最优方案的每周投放。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Common marginal return</source>
        <translation>共同边际回报</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>What one more ¥ of weekly budget would bring: equal in every cell that no bound holds.</source>
        <translation>每周预算多投入 ¥1 能带来的成效：在所有未受上下限约束的单元中相等。</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Share of the optimal plan&apos;s spend in online channels.</source>
        <translation>最优方案投放中线上渠道所占比例。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Optimality</source>
        <translation>最优性</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Proven optimal: no plan meeting the constraints brings more (the dual bound meets the plan). Otherwise the gap to that bound, where known.</source>
        <translation>已证明最优：满足约束的方案都不会带来更多（对偶上界与方案相等）。否则显示与该上界的差距（如已知）。</translation>
    </message>
    <message>
        <location filename="../plans_view.py" line="-95"/>
        <source>Why is the plan rejected?</source>
        <translation>驳回此方案的原因？</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Comment (optional):</source>
        <translation>意见（可选）：</translation>
    </message>
    <message>
        <location line="+27"/>
        <source>&apos;%1&apos; revision %2 was submitted for approval.</source>
        <translation>“%1”第 %2 版已提交审批。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&apos;%1&apos; revision %2 was approved; it is now read-only.</source>
        <translation>“%1”第 %2 版已批准，现在为只读。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&apos;%1&apos; revision %2 was rejected.</source>
        <translation>“%1”第 %2 版已驳回。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&apos;%1&apos; revision %2 was deleted.</source>
        <translation>“%1”第 %2 版已删除。</translation>
    </message>
    <message>
        <location line="+39"/>
        <source>%1 rev. %2</source>
        <translation>%1 第 %2 版</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>A: %1  ·  B: %2</source>
        <translation>A：%1  ·  B：%2</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>A (rev. %1)</source>
        <translation>A（第 %1 版）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>B (rev. %1)</source>
        <translation>B（第 %1 版）</translation>
    </message>
    <message>
        <location line="+3"/>
        <location line="+83"/>
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <location line="-81"/>
        <location line="+82"/>
        <source>Objective</source>
        <translation>目标</translation>
    </message>
    <message>
        <location line="-77"/>
        <location line="+80"/>
        <source>Budget / week</source>
        <translation>每周预算</translation>
    </message>
    <message>
        <location line="-63"/>
        <location line="+66"/>
        <source>Decided by</source>
        <translation>审批人</translation>
    </message>
    <message>
        <location line="-62"/>
        <source>Decided on</source>
        <translation>审批日期</translation>
    </message>
    <message>
        <location line="+34"/>
        <source>Channel · region</source>
        <translation>渠道 · 区域</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+1"/>
        <source>/ week</source>
        <translation>/ 周</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Difference</source>
        <translation>差额</translation>
    </message>
    <message>
        <location line="+1"/>
        <location filename="../views.py" line="-397"/>
        <source>Change %</source>
        <translation>变化 %</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Plan comparison</source>
        <translation>方案对比</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Plan comparison by cell</source>
        <translation>按单元的方案对比</translation>
    </message>
    <message>
        <location line="+5"/>
        <location filename="../views.py" line="+203"/>
        <location line="+64"/>
        <source>Plan</source>
        <translation>方案</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Revision</source>
        <translation>版本</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Budget (period)</source>
        <translation>预算（整个周期）</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Saved by</source>
        <translation>保存人</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Submitted by</source>
        <translation>提交人</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Decided at</source>
        <translation>审批时间</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Comment</source>
        <translation>意见</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Open</source>
        <translation>打开</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Compare two</source>
        <translation>对比两个版本</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Submit for approval</source>
        <translation>提交审批</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Approve</source>
        <translation>批准</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Reject…</source>
        <translation>驳回…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Delete draft</source>
        <translation>删除草稿</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Select two revisions and press Compare two.</source>
        <translation>选择两个版本，然后点击“对比两个版本”。</translation>
    </message>
    <message>
        <location filename="../tasks.py" line="-7"/>
        <source>Reading the spend history…</source>
        <translation>正在读取投放历史…</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Placing the data under the curves…</source>
        <translation>正在将数据点置于曲线下…</translation>
    </message>
    <message>
        <location filename="../texts.py" line="-26"/>
        <source>Maximise revenue</source>
        <translation>收入最大化</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Maximise leads</source>
        <translation>线索最大化</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Leads and brand reach</source>
        <translation>线索与品牌触达</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Target revenue at least spend</source>
        <translation>以最少投放达成目标收入</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Draft</source>
        <translation>草稿</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Submitted</source>
        <translation>已提交</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Approved</source>
        <translation>已批准</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Rejected</source>
        <translation>已驳回</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Revenue</source>
        <translation>收入</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Leads</source>
        <translation>线索</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Brand reach</source>
        <translation>品牌触达</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Optimal</source>
        <translation>最优</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Manual</source>
        <translation>手动</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>at minimum</source>
        <translation>处于最小值</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>at maximum</source>
        <translation>处于最大值</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>locked</source>
        <translation>已锁定</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>fixed (min = max)</source>
        <translation>固定（最小 = 最大）</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>fitted</source>
        <translation>已拟合</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>too few weeks</source>
        <translation>周数太少</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>no spend</source>
        <translation>没有投放</translation>
    </message>
    <message>
        <location line="+7"/>
        <location line="+1"/>
        <source>revenue</source>
        <translation>收入</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>leads</source>
        <translation>线索</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>lead-equivalents</source>
        <translation>线索当量</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>exact (dual Newton)</source>
        <translation>精确解（对偶牛顿法）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>the only plan the constraints allow</source>
        <translation>约束允许的唯一方案</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>the current plan (nothing better found)</source>
        <translation>当前方案（未找到更好的）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>greedy grid</source>
        <translation>贪心网格</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>greedy grid with look-ahead</source>
        <translation>带前瞻的贪心网格</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>a feasible point</source>
        <translation>一个可行点</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>grid plan, concave parts split exactly</source>
        <translation>网格方案，凹段精确分配</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Total budget</source>
        <translation>总预算</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Online share minimum</source>
        <translation>线上占比下限</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Online share maximum</source>
        <translation>线上占比上限</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Region cap: %1</source>
        <translation>区域上限：%1</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Channel cap: %1</source>
        <translation>渠道上限：%1</translation>
    </message>
    <message>
        <location filename="../views.py" line="-313"/>
        <location line="+305"/>
        <source>Online</source>
        <translation>线上</translation>
    </message>
    <message>
        <location line="-304"/>
        <location line="+305"/>
        <source>Offline</source>
        <translation>线下</translation>
    </message>
    <message>
        <location line="-264"/>
        <source>Online / offline</source>
        <translation>线上 / 线下</translation>
    </message>
    <message>
        <location line="+2"/>
        <location line="+383"/>
        <source>Optimal / week</source>
        <translation>最优 / 周</translation>
    </message>
    <message>
        <location line="-382"/>
        <source>Change</source>
        <translation>变化</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Manual / week</source>
        <translation>手动 / 周</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Manual − optimal</source>
        <translation>手动 − 最优</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+54"/>
        <location line="+323"/>
        <source>Bound</source>
        <translation>上下限</translation>
    </message>
    <message>
        <location line="-375"/>
        <source>Current %1</source>
        <translation>当前%1</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Optimal %1</source>
        <translation>最优%1</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Allocation change</source>
        <translation>分配变化</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Optimal vs current spend by channel and region</source>
        <translation>各渠道和区域的最优投放相对当前的变化</translation>
    </message>
    <message>
        <location line="+38"/>
        <source>At current spend</source>
        <translation>当前投放下</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>At optimal spend</source>
        <translation>最优投放下</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Marginal return chart</source>
        <translation>边际回报图</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Marginal return at current spend</source>
        <translation>当前投放下的边际回报</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Marginal return at the optimal plan</source>
        <translation>最优方案下的边际回报</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Marginal return: extra %1 per extra ¥1 of weekly spend in a cell. At the optimum every cell that no bound holds returns the same amount, the common marginal return %2; cells at their minimum return less, cells at their maximum more.</source>
        <translation>边际回报：某单元每周多投入 ¥1 所增加的%1。在最优方案中，所有未受上下限约束的单元回报相同，即共同边际回报 %2；处于最小值的单元回报更低，处于最大值的单元回报更高。</translation>
    </message>
    <message>
        <location line="+113"/>
        <source>Total %1 over the plan&apos;s %2 weeks: expected and 95% range</source>
        <translation>方案 %2 周内的%1总额：预期值与 95% 区间</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>Expected / week</source>
        <translation>预期 / 周</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Low (95%) / week</source>
        <translation>下限（95%）/ 周</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>High (95%) / week</source>
        <translation>上限（95%）/ 周</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Expected over the plan</source>
        <translation>整个方案期预期</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>± over the plan (95%)</source>
        <translation>整个方案期 ±（95%）</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Expected outcome chart</source>
        <translation>预期成效图</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Outcome:</source>
        <translation>成效：</translation>
    </message>
    <message>
        <location line="+50"/>
        <source>Online / week</source>
        <translation>线上 / 周</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Offline / week</source>
        <translation>线下 / 周</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Online vs offline chart</source>
        <translation>线上与线下图</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Weekly spend online and offline</source>
        <translation>线上与线下每周投放</translation>
    </message>
    <message>
        <location line="+38"/>
        <source>Method: %1. Solved in %2 s.</source>
        <translation>方法：%1。求解用时 %2 秒。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>No plan meeting the constraints reaches more than %1 %2.</source>
        <translation>满足约束的方案都不会超过 %1 %2。</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Cells held by a bound: %1 (of %2).</source>
        <translation>受上下限约束的单元：%1（共 %2 个）。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Left out (no curve): %1.</source>
        <translation>未纳入（没有曲线）：%1。</translation>
    </message>
    <message>
        <location line="+20"/>
        <source>Constraint</source>
        <translation>约束</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Shadow price (per ¥ relaxed)</source>
        <translation>影子价格（每放宽 ¥1）</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Binding</source>
        <translation>起作用</translation>
    </message>
    <message>
        <location line="+25"/>
        <source>Cells a bound holds: below the common marginal return at their minimum, above it at their maximum (relaxing the bound would pay).</source>
        <translation>受上下限约束的单元：处于最小值时低于共同边际回报，处于最大值时高于共同边际回报（放宽该限值会有收益）。</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Constraints&apos; shadow prices</source>
        <translation>约束的影子价格</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Binding bounds</source>
        <translation>起作用的上下限</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Proven optimal (gap 0 within rounding).</source>
        <translation>已证明最优（差距在舍入误差内为 0）。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Within %1 of the best possible plan.</source>
        <translation>与可能的最佳方案相差不超过 %1。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Best plan found (S-shaped curves: no bound on the gap for this objective).</source>
        <translation>已找到的最佳方案（S 形曲线：此目标下差距无上界）。</translation>
    </message>
</context>
<context>
    <name>panels</name>
    <message>
        <location filename="../__init__.py" line="+14"/>
        <source>Budget planning</source>
        <translation>预算规划</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Split one campaign budget across online and offline channels and regions</source>
        <translation>将一笔营销预算分配到线上线下各渠道和区域</translation>
    </message>
</context>
</TS>
