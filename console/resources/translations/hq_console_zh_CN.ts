<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
<context>
    <name>Charts</name>
    <message>
        <location filename="../../ui/charts.py" line="+330"/>
        <source>Total: %1</source>
        <translation>合计：%1</translation>
    </message>
    <message>
        <location line="+317"/>
        <source>Pan</source>
        <translation>平移</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Rectangle</source>
        <translation>矩形选择</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Lasso</source>
        <translation>套索选择</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Clear selection</source>
        <translation>清除选择</translation>
    </message>
</context>
<context>
    <name>CommandPalette</name>
    <message>
        <location filename="../../ui/command_palette.py" line="+40"/>
        <source>Dealer</source>
        <translation>经销商</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Store</source>
        <translation>门店</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>SKU</source>
        <translation>商品</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Customer</source>
        <translation>客户</translation>
    </message>
    <message>
        <location line="+42"/>
        <source>Open a panel, run a command, or find a dealer, store, SKU or customer…</source>
        <translation>打开面板、执行命令，或查找经销商、门店、商品、客户…</translation>
    </message>
    <message>
        <location line="+37"/>
        <source>Panels</source>
        <translation>面板</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Commands</source>
        <translation>命令</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Found in the database</source>
        <translation>数据库中的结果</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Searching…</source>
        <translation>正在搜索…</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>No dealer, store, SKU or customer matches.</source>
        <translation>没有匹配的经销商、门店、商品或客户。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Enter opens, Esc closes.</source>
        <translation>回车打开，Esc 关闭。</translation>
    </message>
</context>
<context>
    <name>ConnectDialog</name>
    <message>
        <location filename="../../ui/connect_dialog.py" line="+200"/>
        <source>The profile has no name.</source>
        <translation>连接配置没有名称。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Type a name, e.g. &apos;HQ production&apos;.</source>
        <translation>请输入名称，例如“总部生产库”。</translation>
    </message>
    <message>
        <location line="+34"/>
        <source>The profile was saved, but the password was not.</source>
        <translation>连接配置已保存，但密码未保存。</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Profile saved.</source>
        <translation>连接配置已保存。</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>Testing the connection…</source>
        <translation>正在测试连接…</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Connection works: %1, schema current.</source>
        <translation>连接成功：%1，数据库结构为最新。</translation>
    </message>
    <message>
        <location line="+45"/>
        <source>Connect to a database</source>
        <translation>连接数据库</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Connection profiles</source>
        <translation>连接配置</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>New</source>
        <translation>新建</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Delete</source>
        <translation>删除</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Database URL</source>
        <translation>数据库地址</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Console user</source>
        <translation>控制台用户</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Password</source>
        <translation>密码</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>e.g. admin (demo users: exec, marketing, supply, service, admin)</source>
        <translation>例如 admin（演示用户：exec、marketing、supply、service、admin）</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Stored in the system keyring, never in a file</source>
        <translation>保存在系统密钥环中，绝不写入文件</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Test connection</source>
        <translation>测试连接</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Save</source>
        <translation>保存</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Connect</source>
        <translation>连接</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Use the demo database</source>
        <translation>使用演示数据库</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Close</source>
        <translation>关闭</translation>
    </message>
</context>
<context>
    <name>DataTable</name>
    <message>
        <location filename="../../ui/data_table.py" line="+276"/>
        <source>%1 rows</source>
        <translation>共 %1 行</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>%1 of %2 rows</source>
        <translation>%1 / %2 行</translation>
    </message>
    <message>
        <location line="+49"/>
        <source>Exporting…</source>
        <translation>正在导出…</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Exported to %1</source>
        <translation>已导出到 %1</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Export failed</source>
        <translation>导出失败</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Filter…</source>
        <translation>筛选…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Columns</source>
        <translation>列</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Choose the columns to show</source>
        <translation>选择要显示的列</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Export</source>
        <translation>导出</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Excel workbook (.xlsx)…</source>
        <translation>Excel 工作簿 (.xlsx)…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>CSV file (.csv)…</source>
        <translation>CSV 文件 (.csv)…</translation>
    </message>
</context>
<context>
    <name>Errors</name>
    <message>
        <location filename="../../ui/error_text.py" line="+18"/>
        <source>Compare the values, then reload, or overwrite with yours, or cancel.</source>
        <translation>请对比双方的值，然后重新加载、用您的值覆盖，或取消。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Reload the list of plans and check its status before acting on it.</source>
        <translation>请重新加载方案列表，确认其状态后再操作。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Somebody else saved this record after you opened it.</source>
        <translation>您打开此记录后，其他人已保存了它。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Reload to see their values, then apply your change again.</source>
        <translation>请重新加载以查看对方的值，然后再次应用您的修改。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>This {entity} was changed by somebody else after you opened it (version {version}, you opened version {seen}).</source>
        <translation>您打开此{entity}后，其他人修改了它（当前为第 {version} 版，您打开的是第 {seen} 版）。</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Somebody else saved this {entity} while you were editing it.</source>
        <translation>您编辑此{entity}期间，其他人保存了它。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Somebody saved revision {newest} of the plan &apos;{name}&apos; after you opened revision {seen}.</source>
        <translation>您打开预算方案“{name}”第 {seen} 版后，其他人保存了第 {newest} 版。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Open their revision to compare, or save yours anyway as the next revision.</source>
        <translation>请打开对方的版本进行对比，或仍将您的方案保存为下一版。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Somebody saved revision {revision} of the plan &apos;{name}&apos; at the same moment.</source>
        <translation>其他人在同一时刻保存了预算方案“{name}”的第 {revision} 版。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Open the list of plans again, then save yours as the next revision.</source>
        <translation>请重新打开方案列表，然后将您的方案保存为下一版。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>The plan &apos;{name}&apos; revision {revision} was changed by somebody else after you opened it (it is now {status}).</source>
        <translation>您打开预算方案“{name}”第 {revision} 版后，其他人修改了它（现为{status}）。</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>The plan &apos;{name}&apos; revision {revision} was changed by somebody else at the same moment.</source>
        <translation>预算方案“{name}”第 {revision} 版在同一时刻被其他人修改。</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Another change to the same stock was being saved at the same moment.</source>
        <translation>同一时刻正在保存对同一库存的另一项修改。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Refresh and try again.</source>
        <translation>请刷新后重试。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>The stock of a sending location changed while the proposal was being approved.</source>
        <translation>批准调拨方案期间，调出地点的库存发生了变化。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Refresh and approve again (or recompute).</source>
        <translation>请刷新后重新批准（或重新计算）。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Proposal {proposal} was changed by somebody else after you opened it.</source>
        <translation>您打开调拨方案 {proposal} 后，其他人修改了它。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Reload it to see their lines, then apply your change again.</source>
        <translation>请重新加载以查看对方的调拨行，然后再次应用您的修改。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Proposal {proposal} is {status}: it can no longer be changed.</source>
        <translation>调拨方案 {proposal} 的状态为“{status}”，不能再修改。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Recompute a new proposal.</source>
        <translation>请重新计算新的调拨方案。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Proposal {proposal} is already {status}; nothing was moved again.</source>
        <translation>调拨方案 {proposal} 已是“{status}”状态，未再次调拨任何库存。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Refresh the list of transfers to see its transfer orders.</source>
        <translation>请刷新调拨单列表以查看其调拨单。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Proposal {proposal} has no record of the stock it was computed from.</source>
        <translation>调拨方案 {proposal} 没有记录其计算所依据的库存。</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Recompute the proposal.</source>
        <translation>请重新计算调拨方案。</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Proposal {proposal} was computed from stock that has changed since: {count} figure(s) of the rows it moves differ.</source>
        <translation>调拨方案 {proposal} 所依据的库存此后已变化：其调拨的行中有 {count} 个数字不同。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Recompute the proposal for the same scope and approve the new one.</source>
        <translation>请按相同范围重新计算调拨方案，并批准新的方案。</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>The role &apos;{role}&apos; of user &apos;{user}&apos; may not do this (it needs the permission &apos;{permission}&apos;).</source>
        <translation>用户“{user}”的角色“{role}”无权执行此操作（需要权限“{permission}”）。</translation>
    </message>
    <message>
        <location line="+5"/>
        <location line="+39"/>
        <source>Ask an administrator, or sign in as a user whose role allows it.</source>
        <translation>请联系管理员，或改用角色有此权限的用户登录。</translation>
    </message>
    <message>
        <location line="-36"/>
        <source>Cannot reach the database server of {url}.</source>
        <translation>无法连接到 {url} 的数据库服务器。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Check the host and port, that the server is running, and the network.</source>
        <translation>请检查主机和端口、服务器是否在运行以及网络。</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>dealer</source>
        <translation>经销商</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>store</source>
        <translation>门店</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>assignment rule</source>
        <translation>分配规则</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>order</source>
        <translation>订单</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>statement</source>
        <translation>结算单</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>draft</source>
        <translation>草稿</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>submitted</source>
        <translation>已提交</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>approved</source>
        <translation>已批准</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>rejected</source>
        <translation>已驳回</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>open</source>
        <translation>待处理</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>discarded</source>
        <translation>已放弃</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>stale</source>
        <translation>已过期</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Your role may not do this.</source>
        <translation>您的角色无权执行此操作。</translation>
    </message>
</context>
<context>
    <name>Export</name>
    <message>
        <location filename="../../ui/export.py" line="+266"/>
        <source>Excel workbook (*.xlsx)</source>
        <translation>Excel 工作簿 (*.xlsx)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>CSV, UTF-8 (*.csv)</source>
        <translation>CSV，UTF-8 编码 (*.csv)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>PNG image (*.png)</source>
        <translation>PNG 图片 (*.png)</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Export</source>
        <translation>导出</translation>
    </message>
</context>
<context>
    <name>FirstStart</name>
    <message>
        <location filename="../../ui/main_window.py" line="+87"/>
        <location line="+37"/>
        <source>Creating the demo database…</source>
        <translation>正在创建演示数据库…</translation>
    </message>
    <message>
        <location line="-12"/>
        <source>Preparing HQ Console</source>
        <translation>正在准备 HQ 总部控制台</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>HQ Console is creating its demo database (dealers, stores, products, customers, orders and tickets). This happens once and may take a minute or two.</source>
        <translation>HQ 总部控制台正在创建演示数据库（经销商、门店、商品、客户、订单和服务工单）。此操作只进行一次，可能需要一两分钟。</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location line="+198"/>
        <location line="+61"/>
        <source>Connecting to the database…</source>
        <translation>正在连接数据库…</translation>
    </message>
    <message>
        <location line="-39"/>
        <source>Unavailable: %1</source>
        <translation>不可用：%1</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>No panels for your role</source>
        <translation>没有您的角色可用的面板</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Why are some panels unavailable?</source>
        <translation>为什么有些面板不可用？</translation>
    </message>
    <message>
        <location line="+9"/>
        <source>Unavailable panels</source>
        <translation>不可用的面板</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>These panels could not be loaded. The console works without them; the log file has the details.</source>
        <translation>以下面板无法加载。控制台可在没有它们的情况下继续工作；详细信息见日志文件。</translation>
    </message>
    <message>
        <location line="+77"/>
        <location line="+67"/>
        <source>Retry</source>
        <translation>重试</translation>
    </message>
    <message>
        <location line="-66"/>
        <location line="+15"/>
        <source>Connect…</source>
        <translation>连接…</translation>
    </message>
    <message>
        <location line="-7"/>
        <source>The demo database was not created because you cancelled.</source>
        <translation>由于您取消了操作，演示数据库未创建。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Create it now</source>
        <translation>立即创建</translation>
    </message>
    <message>
        <location line="+46"/>
        <source>The connection to the database was lost: %1 Your panels and unsaved edits are kept; Retry reconnects.</source>
        <translation>与数据库的连接已断开：%1 您的面板和未保存的编辑都会保留；点击“重试”重新连接。</translation>
    </message>
    <message>
        <location line="+13"/>
        <source>Reconnected to the database.</source>
        <translation>已重新连接到数据库。</translation>
    </message>
    <message>
        <location line="+12"/>
        <source>Connected</source>
        <translation>已连接</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Connecting…</source>
        <translation>正在连接…</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Connection lost</source>
        <translation>连接已断开</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Not connected</source>
        <translation>未连接</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Database: %1</source>
        <translation>数据库：%1</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Database: —</source>
        <translation>数据库：—</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>User: %1 (%2)</source>
        <translation>用户：%1（%2）</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>User: —</source>
        <translation>用户：—</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>Working… (%1)</source>
        <translation>处理中…（%1）</translation>
    </message>
    <message>
        <location line="+15"/>
        <source>no such panel is installed</source>
        <translation>未安装该面板</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Cannot open %1: %2</source>
        <translation>无法打开 %1：%2</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Your role may not open the panel %1.</source>
        <translation>您的角色无权打开面板“%1”。</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>No panel you may open shows a %1.</source>
        <translation>没有您可打开的面板能显示%1。</translation>
    </message>
    <message>
        <location line="+24"/>
        <source>An unexpected error occurred (%1); details are in the log file.</source>
        <translation>发生意外错误（%1）；详细信息见日志文件。</translation>
    </message>
    <message>
        <location line="+93"/>
        <source>Connect to a database…</source>
        <translation>连接数据库…</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Refresh the current panel</source>
        <translation>刷新当前面板</translation>
    </message>
    <message>
        <location line="+7"/>
        <source>Language: %1</source>
        <translation>语言：%1</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Theme: %1</source>
        <translation>主题：%1</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>Not connected to a database.</source>
        <translation>未连接数据库。</translation>
    </message>
    <message>
        <location line="+41"/>
        <source>These panels show the new language after a restart: %1.</source>
        <translation>以下面板需重新启动后才显示新语言：%1。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Restart now</source>
        <translation>立即重启</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Later</source>
        <translation>稍后</translation>
    </message>
    <message>
        <location line="+34"/>
        <location line="+1"/>
        <source>HQ Console</source>
        <translation>HQ 总部控制台</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Panels</source>
        <translation>面板(&amp;P)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Language</source>
        <translation>语言(&amp;L)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Theme</source>
        <translation>主题(&amp;T)</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>&amp;Connect…</source>
        <translation>连接(&amp;C)…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Search and commands…</source>
        <translation>搜索与命令(&amp;S)…</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Refresh panel</source>
        <translation>刷新面板(&amp;R)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Close panel</source>
        <translation>关闭面板(&amp;C)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Next panel</source>
        <translation>下一个面板(&amp;N)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>P&amp;revious panel</source>
        <translation>上一个面板(&amp;R)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Reset &amp;layout</source>
        <translation>重置布局(&amp;L)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;Full screen</source>
        <translation>全屏(&amp;F)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;User guide</source>
        <translation>用户指南(&amp;U)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Open the &amp;log folder</source>
        <translation>打开日志文件夹(&amp;L)</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>&amp;About HQ Console</source>
        <translation>关于 HQ 总部控制台(&amp;A)</translation>
    </message>
    <message>
        <location line="+10"/>
        <source>Search panels, dealers, stores, SKUs, customers…</source>
        <translation>搜索面板、经销商、门店、商品、客户…</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Messages</source>
        <translation>消息</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Search</source>
        <translation>搜索</translation>
    </message>
    <message>
        <location line="+33"/>
        <source>About HQ Console</source>
        <translation>关于 HQ 总部控制台</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>HQ Console %1 — the headquarters console of an omnichannel retail network.</source>
        <translation>HQ 总部控制台 %1 —— 全渠道零售网络的总部管理控制台。</translation>
    </message>
    <message>
        <location line="+31"/>
        <source>Light</source>
        <translation>浅色</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Dark</source>
        <translation>深色</translation>
    </message>
</context>
<context>
    <name>PanelFrame</name>
    <message>
        <location filename="../../ui/panel_host.py" line="+65"/>
        <source>Waiting for the database…</source>
        <translation>正在等待数据库…</translation>
    </message>
    <message>
        <location line="+18"/>
        <source>The panel could not be opened: %1</source>
        <translation>无法打开面板：%1</translation>
    </message>
    <message>
        <location line="+3"/>
        <source>Retry, or tell the panel&apos;s author; details are in the log file.</source>
        <translation>请重试，或联系面板作者；详细信息见日志文件。</translation>
    </message>
    <message>
        <location line="+22"/>
        <source>Reload data</source>
        <translation>重新加载数据</translation>
    </message>
    <message>
        <location line="+134"/>
        <source>The panel&apos;s factory failed; see the panel and the log.</source>
        <translation>面板创建失败；请查看面板和日志。</translation>
    </message>
</context>
<context>
    <name>Roles</name>
    <message>
        <location filename="../../ui/i18n.py" line="+32"/>
        <source>Executive</source>
        <translation>总部管理层</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Marketing manager</source>
        <translation>市场经理</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Supply chain planner</source>
        <translation>供应链计划员</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Service manager</source>
        <translation>客服经理</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Administrator</source>
        <translation>系统管理员</translation>
    </message>
</context>
<context>
    <name>TaskProgress</name>
    <message>
        <location filename="../../ui/progress.py" line="+49"/>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <location line="+40"/>
        <source>Cancelling…</source>
        <translation>正在取消…</translation>
    </message>
</context>
<context>
    <name>ViewState</name>
    <message>
        <location filename="../../ui/view_state.py" line="+49"/>
        <source>The connection to the database was lost.</source>
        <translation>与数据库的连接已断开。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Check the network and that the database server is running; Retry.</source>
        <translation>请检查网络以及数据库服务器是否在运行，然后重试。</translation>
    </message>
    <message>
        <location line="+6"/>
        <source>Something went wrong: %1.</source>
        <translation>出现问题：%1。</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Try again; if it keeps happening, send the log file to support.</source>
        <translation>请重试；如果问题持续，请将日志文件发送给技术支持。</translation>
    </message>
    <message>
        <location line="+128"/>
        <source>Loading…</source>
        <translation>正在加载…</translation>
    </message>
    <message>
        <location line="+19"/>
        <source>Nothing to show</source>
        <translation>暂无数据</translation>
    </message>
    <message>
        <location line="+16"/>
        <source>This view could not be shown</source>
        <translation>无法显示此视图</translation>
    </message>
    <message>
        <location line="+48"/>
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
        <location line="+34"/>
        <source>Retry</source>
        <translation>重试</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Details</source>
        <translation>详细信息</translation>
    </message>
</context>
<context>
    <name>WelcomePage</name>
    <message>
        <location filename="../../ui/main_window.py" line="-370"/>
        <source>Signed in as %1 · role: %2</source>
        <translation>当前用户：%1 · 角色：%2</translation>
    </message>
    <message>
        <location filename="../../ui/welcome.py" line="+104"/>
        <source>HQ Console</source>
        <translation>HQ 总部控制台</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Panels</source>
        <translation>面板</translation>
    </message>
    <message>
        <location line="+4"/>
        <source>Open a panel above or from the Panels menu. Press Ctrl+K to find a dealer, store, SKU or customer.</source>
        <translation>从上方或“面板”菜单打开面板。按 Ctrl+K 查找经销商、门店、商品或客户。</translation>
    </message>
    <message>
        <location line="+8"/>
        <source>No panel is installed that your role may open. Press Ctrl+K to search, or File &gt; Connect to use another database.</source>
        <translation>没有安装您的角色可打开的面板。按 Ctrl+K 搜索，或通过“文件 &gt; 连接”使用其他数据库。</translation>
    </message>
</context>
</TS>
