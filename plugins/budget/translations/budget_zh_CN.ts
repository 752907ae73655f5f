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
        <location filename="../panel.py" line="+964"/>
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
        <location filename="../messages.py" line="+260"/>
        <source>Shape α</source>
        <translation>形状 α</translation>
    </message>
    <message>
        <location line="+1"/>
        <location filename="../messages.py" line="+1"/>
        <source>Half-saturation γ</source>
        <translation>半饱和 γ</translation>
    </message>
    <message>
        <location line="+1"/>
        <location filename="../messages.py" line="+1"/>
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
        <location filename="../messages.py" line="+2"/>
        <location filename="../panel.py" line="+2"/>
        <source>Min ¥</source>
        <translation>最小 ¥</translation>
    </message>
    <message>
        <location line="+1"/>
        <location filename="../messages.py" line="+1"/>
        <location filename="../panel.py" line="+1"/>
        <source>Max ¥</source>
        <translation>最大 ¥</translation>
    </message>
    <message>
        <location line="+1"/>
        <location filename="../messages.py" line="+1"/>
        <location filename="../panel.py" line="+1"/>
        <source>Min %</source>
        <translation>最小 %</translation>
    </message>
    <message>
        <location line="+1"/>
        <location filename="../messages.py" line="+1"/>
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
        <location filename="../panel.py" line="-860"/>
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
        <location filename="../tasks.py" line="+83"/>
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
        <location line="+492"/>
        <source>%1% brand</source>
        <translation>品牌 %1%</translation>
    </message>
    <message>
        <location line="-483"/>
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
        <location line="+32"/>
        <source>The views show the last plan that met the constraints.</source>
        <translation>各视图显示最近一个满足约束的方案。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>No plan meets these constraints.</source>
        <translation>没有方案能满足这些约束。</translation>
    </message>
    <message>
        <location line="+64"/>
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
        <location filename="../messages.py" line="-224"/>
        <source>The {table} lack the column(s) {missing}.</source>
        <translation>{table}缺少列 {missing}。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Add them; the {table} need {required}.</source>
        <translation>请补上这些列；{table}需要 {required}。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Cell {cell}: {column} {value} in the {table} is not a number.</source>
        <translation>单元 {cell}：{table}中的{column} {value} 不是数字。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Enter a number for {column} of {cell}.</source>
        <translation>请为 {cell} 的{column}输入数字。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Cell {cell}: online is {value}, not true or false.</source>
        <translation>单元 {cell}：线上标记为 {value}，既不是 true 也不是 false。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Enter true or false as online for {cell}.</source>
        <translation>请为 {cell} 的线上标记输入 true 或 false。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>There are no response curves to plan with.</source>
        <translation>没有可用于规划的响应曲线。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Fit the curves from the history or set them by hand.</source>
        <translation>请根据历史数据拟合曲线，或手动设置曲线。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Cell {cell}: {column} is {value}; it must be a positive number.</source>
        <translation>单元 {cell}：{column}为 {value}；它必须是正数。</translation>
    </message>
    <message>
        <location line="+1"/>
        <location line="+6"/>
        <location line="+7"/>
        <location line="+7"/>
        <source>Refit the curve of {cell} or enter a valid {column}.</source>
        <translation>请重新拟合 {cell} 的曲线，或输入有效的{column}。</translation>
    </message>
    <message>
        <location line="-17"/>
        <source>Cell {cell}: {column} is {value}; it must be a number of 0 or more.</source>
        <translation>单元 {cell}：{column}为 {value}；它必须是大于等于 0 的数字。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Cell {cell} ({outcome}): {column} is {value}; it must be a positive number.</source>
        <translation>单元 {cell}（{outcome}）：{column}为 {value}；它必须是正数。</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Cell {cell} ({outcome}): {column} is {value}; it must be a number of 0 or more.</source>
        <translation>单元 {cell}（{outcome}）：{column}为 {value}；它必须是大于等于 0 的数字。</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Cell {cell} has more than one {outcome} curve.</source>
        <translation>单元 {cell} 有不止一条{outcome}曲线。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Keep one curve per cell and outcome.</source>
        <translation>每个单元和结果只保留一条曲线。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Cell {cell} has different channel, region, current spend or online flag in its rows.</source>
        <translation>单元 {cell} 的各行渠道、区域、当前花费或线上标记不一致。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Make the rows of {cell} agree.</source>
        <translation>请让 {cell} 的各行保持一致。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Unknown objective {objective}.</source>
        <translation>未知的目标 {objective}。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Choose one of the objectives in the list.</source>
        <translation>请从列表中选择一个目标。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Cell {cell} has no {outcome} curve, which the objective {objective} needs.</source>
        <translation>单元 {cell} 没有{outcome}曲线，而目标{objective}需要它。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Fit or enter a {outcome} curve for {cell}.</source>
        <translation>请为 {cell} 拟合或输入{outcome}曲线。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The brand weight {weight} is outside 0..1.</source>
        <translation>品牌权重 {weight} 不在 0 到 1 之间。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Set the brand slider between leads and brand.</source>
        <translation>请将品牌滑块设在线索与品牌之间。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The bounds have no minimum or maximum.</source>
        <translation>上下限中既没有最小值也没有最大值。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Enter a minimum or a maximum, as an amount or a percent.</source>
        <translation>请输入最小值或最大值（金额或百分比）。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The bounds name cell {cell}, which has no response curve.</source>
        <translation>上下限中的单元 {cell} 没有响应曲线。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Remove the bounds of {cell} or add its curve.</source>
        <translation>请删除 {cell} 的上下限，或为它添加曲线。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The bounds list cell {cell} twice.</source>
        <translation>上下限中单元 {cell} 出现了两次。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Keep one row per cell.</source>
        <translation>每个单元只保留一行。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Cell {cell}: {column} {value} is negative or infinite.</source>
        <translation>单元 {cell}：{column} {value} 为负数或无穷大。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Enter {column} for {cell} as 0 or more, or leave it empty.</source>
        <translation>请将 {cell} 的{column}设为大于等于 0 的数，或留空。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Locked cell {cell} has no response curve.</source>
        <translation>锁定的单元 {cell} 没有响应曲线。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Unlock {cell} or add its curve.</source>
        <translation>请解锁 {cell}，或为它添加曲线。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Locked cell {cell}: spend {spend} is not a number of 0 or more.</source>
        <translation>锁定的单元 {cell}：花费 {spend} 不是大于等于 0 的数字。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Enter the spend to hold {cell} at.</source>
        <translation>请输入 {cell} 要锁定的花费。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Cell {cell}: the minimum {minimum} is above the maximum {maximum} (percent bounds are of its current spend {current}; a missing maximum means the total).</source>
        <translation>单元 {cell}：最小值 {minimum} 高于最大值 {maximum}（百分比上下限按其当前花费 {current} 计算；未设最大值即为总预算）。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Lower the minimum or raise the maximum of {cell}.</source>
        <translation>请降低 {cell} 的最小值或提高其最大值。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The {side} share minimum {low} is above its maximum {high}.</source>
        <translation>{side}占比的最小值 {low} 高于其最大值 {high}。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Lower the minimum or raise the maximum of the {side} share.</source>
        <translation>请降低{side}占比的最小值或提高其最大值。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Share bounds need to know which channels are online.</source>
        <translation>占比上下限需要知道哪些渠道属于线上。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Mark the channels as online or offline.</source>
        <translation>请将各渠道标记为线上或线下。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The {low} and the {high} cannot both hold.</source>
        <translation>{low}与{high}无法同时满足。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Relax one of the two share bounds.</source>
        <translation>请放宽两个占比限制中的一个。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The cap names {area}, which has no cells.</source>
        <translation>上限所指的{area}没有任何单元。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Remove the cap or correct the {kind} name.</source>
        <translation>请删除该上限，或更正{kind}名称。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The cap of {area} ({cap}) is not an amount of 0 or more.</source>
        <translation>{area}的上限（{cap}）不是大于等于 0 的金额。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Enter the most that {area} may spend.</source>
        <translation>请输入{area}最多可花费的金额。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The total budget {total} is not a positive amount.</source>
        <translation>总预算 {total} 不是正数金额。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Enter a total budget above zero.</source>
        <translation>请输入大于零的总预算。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The target revenue {target} is not a positive amount.</source>
        <translation>目标收入 {target} 不是正数金额。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Enter the revenue the plan must reach.</source>
        <translation>请输入方案必须达到的收入。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>These constraints cannot all hold together with the total budget {total} and the cells&apos; bounds: {constraints}.</source>
        <translation>在总预算 {total} 和各单元上下限之下，以下约束无法同时满足：{constraints}。</translation>
    </message>
    <message>
        <location line="+5"/>
        <location line="+7"/>
        <source>Relax one of them (or the cells&apos; minimums and maxima).</source>
        <translation>请放宽其中一个约束（或各单元的最小值和最大值）。</translation>
    </message>
    <message>
        <location line="-4"/>
        <source>These constraints cannot all hold together with the cells&apos; bounds: {constraints}.</source>
        <translation>在各单元上下限之下，以下约束无法同时满足：{constraints}。</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>The {limit} is below the minimums of its cells, {minimums}.</source>
        <translation>{limit}低于其所含单元的最小值之和 {minimums}。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Raise the limit or lower those cells&apos; minimums.</source>
        <translation>请提高该限制，或降低这些单元的最小值。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The {limit} is above the maxima of its cells, {maxima}.</source>
        <translation>{limit}高于其所含单元的最大值之和 {maxima}。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Lower the limit or raise those cells&apos; maxima.</source>
        <translation>请降低该限制，或提高这些单元的最大值。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>With the {limit}, the other cells&apos; maxima ({maxima}) cannot take the rest of the total budget {total}.</source>
        <translation>在{limit}之下，其余单元的最大值之和（{maxima}）容纳不下总预算 {total} 的剩余部分。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Raise the limit or the other cells&apos; maxima, or lower the total.</source>
        <translation>请提高该限制或其余单元的最大值，或降低总预算。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>With the {limit}, the other cells&apos; minimums ({minimums}) exceed the rest of the total budget {total}.</source>
        <translation>在{limit}之下，其余单元的最小值之和（{minimums}）超过了总预算 {total} 的剩余部分。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Lower the limit or the other cells&apos; minimums, or raise the total.</source>
        <translation>请降低该限制或其余单元的最小值，或提高总预算。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>The cells&apos; minimums (locked cells included) add up to {minimums}, above the total budget {total}.</source>
        <translation>各单元的最小值（含锁定单元）合计 {minimums}，高于总预算 {total}。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Lower the minimums or unlock cells, or raise the total to {minimums}.</source>
        <translation>请降低最小值或解锁单元，或将总预算提高到 {minimums}。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>The cells&apos; maxima (locked cells included) add up to {maxima}, below the total budget {total}, so the budget cannot all be placed.</source>
        <translation>各单元的最大值（含锁定单元）合计 {maxima}，低于总预算 {total}，预算无法全部分配。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Raise the maxima or lower the total to {maxima}.</source>
        <translation>请提高最大值，或将总预算降低到 {maxima}。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The constraints need at least {least}, above the total budget {total}.</source>
        <translation>这些约束至少需要 {least}，高于总预算 {total}。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Raise the total to {least} or lower the minimums.</source>
        <translation>请将总预算提高到 {least}，或降低最小值。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The target revenue {target} cannot be reached: the best plan within the total budget {total} and the constraints brings {best}.</source>
        <translation>无法达到目标收入 {target}：在总预算 {total} 和约束之内，最佳方案只能带来 {best}。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Raise the total budget, relax the constraints or lower the target.</source>
        <translation>请提高总预算、放宽约束或降低目标。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>The manual plan has no spend for cell {cell}.</source>
        <translation>手动方案中没有单元 {cell} 的花费。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Enter a spend (0 is fine) for every cell.</source>
        <translation>请为每个单元输入花费（0 也可以）。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Cell {cell}: the manual spend is not an amount of 0 or more.</source>
        <translation>单元 {cell}：手动花费不是大于等于 0 的金额。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Enter a manual spend of 0 or more for {cell}.</source>
        <translation>请为 {cell} 输入大于等于 0 的手动花费。</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>response curves</source>
        <translation>响应曲线</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>bounds</source>
        <translation>上下限</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>current spend</source>
        <translation>当前花费</translation>
    </message>
    <message>
        <location line="+5"/>
        <location filename="../texts.py" line="+7"/>
        <location line="+1"/>
        <source>revenue</source>
        <translation>收入</translation>
    </message>
    <message>
        <location line="+1"/>
        <location filename="../texts.py" line="+1"/>
        <source>leads</source>
        <translation>线索</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>brand reach</source>
        <translation>品牌触达</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>online</source>
        <translation>线上</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>offline</source>
        <translation>线下</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>region</source>
        <translation>区域</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>channel</source>
        <translation>渠道</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>region %1 cap of %2</source>
        <translation>区域“%1”的上限 %2</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>channel %1 cap of %2</source>
        <translation>渠道“%1”的上限 %2</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>online share at least %1</source>
        <translation>线上占比至少 %1</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>online share at most %1</source>
        <translation>线上占比至多 %1</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>offline share at least %1</source>
        <translation>线下占比至少 %1</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>offline share at most %1</source>
        <translation>线下占比至多 %1</translation>
    </message>
    <message>
        <location line="+5"/>
        <source> (online spend at most %1)</source>
        <translation>（线上花费至多 %1）</translation>
    </message>
    <message>
        <location line="+2"/>
        <source> (online spend at least %1)</source>
        <translation>（线上花费至少 %1）</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>; </source>
        <translation>；</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>region %1</source>
        <translation>区域“%1”</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>channel %1</source>
        <translation>渠道“%1”</translation>
    </message>
    <message>
        <location filename="../texts.py" line="+1"/>
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
