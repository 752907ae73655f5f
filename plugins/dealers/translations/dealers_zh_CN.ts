<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
<context>
    <name>dealers</name>
    <message>
        <location filename="../forms.py" line="+43" />
        <location line="+16" />
        <location filename="../network_view.py" line="+476" />
        <location line="+18" />
        <source>Code</source>
        <translation>编码</translation>
    </message>
    <message>
        <location line="-15" />
        <location line="+16" />
        <source>Name (English)</source>
        <translation>名称（英文）</translation>
    </message>
    <message>
        <location line="-15" />
        <location line="+16" />
        <source>Name (Chinese)</source>
        <translation>名称（中文）</translation>
    </message>
    <message>
        <location line="-15" />
        <source>Legal entity</source>
        <translation>法人主体</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Unified social credit code</source>
        <translation>统一社会信用代码</translation>
    </message>
    <message>
        <location line="+1" />
        <location filename="../network_view.py" line="-16" />
        <source>Tier</source>
        <translation>等级</translation>
    </message>
    <message>
        <location line="+1" />
        <location line="+26" />
        <location filename="../network_view.py" line="+2" />
        <source>Region</source>
        <translation>大区</translation>
    </message>
    <message>
        <location line="-25" />
        <location filename="../network_view.py" line="+5" />
        <source>Contract start</source>
        <translation>合同开始</translation>
    </message>
    <message>
        <location line="+1" />
        <location filename="../network_view.py" line="+1" />
        <source>Contract end</source>
        <translation>合同结束</translation>
    </message>
    <message>
        <location line="+1" />
        <location filename="../network_view.py" line="+2" />
        <source>Contact</source>
        <translation>联系人</translation>
    </message>
    <message>
        <location line="+1" />
        <location filename="../network_view.py" line="+1" />
        <source>Phone</source>
        <translation>电话</translation>
    </message>
    <message>
        <location line="+1" />
        <source>E-mail</source>
        <translation>电子邮件</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Online orders a day</source>
        <translation>每日线上订单产能</translation>
    </message>
    <message>
        <location line="+1" />
        <location filename="../network_view.py" line="-5" />
        <location filename="../settlement_view.py" line="+251" />
        <location line="+129" />
        <source>HQ margin</source>
        <translation>总部毛利</translation>
    </message>
    <message>
        <location line="+6" />
        <location filename="../network_view.py" line="+12" />
        <source>Kind</source>
        <translation>类型</translation>
    </message>
    <message>
        <location line="+1" />
        <location filename="../history_view.py" line="+121" />
        <location filename="../network_view.py" line="+1" />
        <location filename="../rules_view.py" line="+39" />
        <location line="+578" />
        <location line="+14" />
        <location line="+9" />
        <location line="+20" />
        <location filename="../scorecard_view.py" line="+243" />
        <location filename="../settlement_view.py" line="-35" />
        <source>Dealer</source>
        <translation>经销商</translation>
    </message>
    <message>
        <location line="+1" />
        <location line="+12" />
        <location filename="../network_view.py" line="+1" />
        <location filename="../rules_view.py" line="-620" />
        <location line="+618" />
        <source>City</source>
        <translation>城市</translation>
    </message>
    <message>
        <location line="-11" />
        <location filename="../network_view.py" line="+4" />
        <source>Address</source>
        <translation>地址</translation>
    </message>
    <message>
        <location line="+1" />
        <location filename="../network_view.py" line="+1" />
        <location filename="../rules_view.py" line="+1" />
        <location filename="../scorecard_view.py" line="-36" />
        <source>Postcode</source>
        <translation>邮编</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Latitude</source>
        <translation>纬度</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Longitude</source>
        <translation>经度</translation>
    </message>
    <message>
        <location line="+1" />
        <location filename="../network_view.py" line="-2" />
        <source>Opened on</source>
        <translation>开业日期</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Closed on</source>
        <translation>关店日期</translation>
    </message>
    <message>
        <location line="+1" />
        <location filename="../network_view.py" line="-22" />
        <location line="+20" />
        <location filename="../rules_view.py" line="-2" />
        <location filename="../scorecard_view.py" line="-1" />
        <location line="+14" />
        <source>Status</source>
        <translation>状态</translation>
    </message>
    <message>
        <location line="+1" />
        <location filename="../network_view.py" line="+1" />
        <source>Ships from store</source>
        <translation>门店发货</translation>
    </message>
    <message>
        <location line="+5" />
        <location filename="../rules_view.py" line="-616" />
        <source>Postcode prefix</source>
        <translation>邮编前缀</translation>
    </message>
    <message>
        <location line="+3" />
        <source>Platinum</source>
        <translation>白金</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Gold</source>
        <translation>金牌</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Silver</source>
        <translation>银牌</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Bronze</source>
        <translation>铜牌</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Franchise</source>
        <translation>加盟</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Direct</source>
        <translation>直营</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Experience</source>
        <translation>体验店</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Open</source>
        <translation>营业</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Closed</source>
        <translation>已关闭</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Planned</source>
        <translation>筹备中</translation>
    </message>
    <message>
        <location line="+1" />
        <location filename="../network_view.py" line="+19" />
        <location filename="../rules_view.py" line="+5" />
        <location line="+575" />
        <source>Active</source>
        <translation>启用</translation>
    </message>
    <message>
        <location line="+1" />
        <location filename="../history_view.py" line="+12" />
        <location filename="../network_view.py" line="+1" />
        <source>Suspended</source>
        <translation>已暂停</translation>
    </message>
    <message>
        <location line="+1" />
        <location filename="../history_view.py" line="+2" />
        <location filename="../network_view.py" line="+1" />
        <source>Terminated</source>
        <translation>已终止</translation>
    </message>
    <message>
        <location line="+22" />
        <source>Yes</source>
        <translation>是</translation>
    </message>
    <message>
        <location line="+0" />
        <source>No</source>
        <translation>否</translation>
    </message>
    <message>
        <location line="+180" />
        <source>Area %1: %2</source>
        <translation>区域 %1：%2</translation>
    </message>
    <message>
        <location line="+22" />
        <location filename="../rules_view.py" line="+11" />
        <source>Area</source>
        <translation>区域</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Value</source>
        <translation>值</translation>
    </message>
    <message>
        <location line="+1" />
        <location filename="../rules_view.py" line="-587" />
        <location line="+574" />
        <source>Exclusive</source>
        <translation>独家</translation>
    </message>
    <message>
        <location line="+3" />
        <source>Add area</source>
        <translation>添加区域</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Remove area</source>
        <translation>删除区域</translation>
    </message>
    <message>
        <location line="+17" />
        <source>Somebody else saved this record</source>
        <translation>他人已保存此记录</translation>
    </message>
    <message>
        <location line="+4" />
        <source>Another user saved this record after you opened it. Their values are stored now; yours are not saved yet. Changed fields are highlighted.</source>
        <translation>您打开此记录后，另一位用户保存了它。当前存储的是对方的值，您的修改尚未保存。有差异的字段已高亮显示。</translation>
    </message>
    <message>
        <location line="+13" />
        <location filename="../history_view.py" line="-28" />
        <source>Field</source>
        <translation>字段</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Stored (theirs)</source>
        <translation>已存储（对方）</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Yours</source>
        <translation>您的</translation>
    </message>
    <message>
        <location line="+20" />
        <source>Reload their values</source>
        <translation>重新加载对方的值</translation>
    </message>
    <message>
        <location line="+3" />
        <source>Overwrite with mine</source>
        <translation>用我的值覆盖</translation>
    </message>
    <message>
        <location line="+90" />
        <source>Not saved: correct the marked fields.</source>
        <translation>未保存：请更正标出的字段。</translation>
    </message>
    <message>
        <location line="+43" />
        <location line="+28" />
        <source>Territory</source>
        <translation>经营区域</translation>
    </message>
    <message>
        <location line="-16" />
        <source>Edit dealer %1</source>
        <translation>编辑经销商 %1</translation>
    </message>
    <message>
        <location line="+11" />
        <source>New dealer</source>
        <translation>新建经销商</translation>
    </message>
    <message>
        <location line="+64" />
        <source>Edit store %1</source>
        <translation>编辑门店 %1</translation>
    </message>
    <message>
        <location line="+4" />
        <source>New store</source>
        <translation>新建门店</translation>
    </message>
    <message>
        <location line="+28" />
        <source>The file was not imported</source>
        <translation>文件未导入</translation>
    </message>
    <message>
        <location line="+5" />
        <source>Where</source>
        <translation>位置</translation>
    </message>
    <message>
        <location line="+0" />
        <source>Problem</source>
        <translation>问题</translation>
    </message>
    <message>
        <location filename="../history_view.py" line="-38" />
        <source>No changes yet</source>
        <translation>暂无变更</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Every change to a dealer, store, rule, statement or order assignment will be listed here.</source>
        <translation>对经销商、门店、规则、结算单或订单分配的每次变更都会列在这里。</translation>
    </message>
    <message>
        <location line="+38" />
        <source>Before</source>
        <translation>修改前</translation>
    </message>
    <message>
        <location line="+1" />
        <source>After</source>
        <translation>修改后</translation>
    </message>
    <message>
        <location line="+4" />
        <source>%1 %2 by %3</source>
        <translation>%1 %2，操作人 %3</translation>
    </message>
    <message>
        <location line="+9" />
        <source>Store</source>
        <translation>门店</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Assignment rule</source>
        <translation>分配规则</translation>
    </message>
    <message>
        <location line="+1" />
        <location filename="../settlement_view.py" line="+2" />
        <source>Statement</source>
        <translation>结算单</translation>
    </message>
    <message>
        <location line="+1" />
        <location filename="../rules_view.py" line="+35" />
        <location filename="../scorecard_view.py" line="-17" />
        <location filename="../settlement_view.py" line="-98" />
        <location line="+107" />
        <source>Order</source>
        <translation>订单</translation>
    </message>
    <message>
        <location line="+5" />
        <source>Created</source>
        <translation>已创建</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Changed</source>
        <translation>已修改</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Deleted</source>
        <translation>已删除</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Reactivated</source>
        <translation>已恢复</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Reassigned</source>
        <translation>已改派</translation>
    </message>
    <message>
        <location line="+1" />
        <location filename="../settlement_view.py" line="-164" />
        <source>Issued</source>
        <translation>已出具</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Adjusted</source>
        <translation>已调整</translation>
    </message>
    <message>
        <location line="+5" />
        <source>When</source>
        <translation>时间</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Who</source>
        <translation>操作人</translation>
    </message>
    <message>
        <location line="+1" />
        <source>What</source>
        <translation>操作</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Record</source>
        <translation>记录</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Id</source>
        <translation>编号</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Fields changed</source>
        <translation>变更字段</translation>
    </message>
    <message>
        <location line="+4" />
        <source>Show</source>
        <translation>显示</translation>
    </message>
    <message>
        <location line="+1" />
        <source>All records</source>
        <translation>全部记录</translation>
    </message>
    <message>
        <location line="+3" />
        <source>Select a change to see its values</source>
        <translation>选择一条变更以查看其值</translation>
    </message>
    <message>
        <location filename="../network_view.py" line="-343" />
        <source>No dealer matches</source>
        <translation>没有匹配的经销商</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Clear the search or choose another region or city.</source>
        <translation>清除搜索条件，或选择其他大区或城市。</translation>
    </message>
    <message>
        <location line="+51" />
        <source>All regions</source>
        <translation>全部大区</translation>
    </message>
    <message>
        <location line="+60" />
        <source>Stores of %1</source>
        <translation>%1 的门店</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Stores in the selected area</source>
        <translation>所选区域的门店</translation>
    </message>
    <message>
        <location line="+17" />
        <source>No stores here</source>
        <translation>此处没有门店</translation>
    </message>
    <message>
        <location line="+127" />
        <location line="+20" />
        <source>Import</source>
        <translation>导入</translation>
    </message>
    <message>
        <location line="-18" />
        <source>Spreadsheets (*.xlsx *.csv)</source>
        <translation>表格文件 (*.xlsx *.csv)</translation>
    </message>
    <message>
        <location line="+39" />
        <location line="+18" />
        <location filename="../rules_view.py" line="-13" />
        <location filename="../scorecard_view.py" line="+41" />
        <location filename="../settlement_view.py" line="+154" />
        <source>Name</source>
        <translation>名称</translation>
    </message>
    <message>
        <location line="-14" />
        <location line="+30" />
        <source>Stores</source>
        <translation>门店数</translation>
    </message>
    <message>
        <location line="-29" />
        <source>Areas</source>
        <translation>区域数</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Orders a day</source>
        <translation>每日产能</translation>
    </message>
    <message>
        <location line="+4" />
        <source>Credit code</source>
        <translation>信用代码</translation>
    </message>
    <message>
        <location line="+22" />
        <source>Region / city</source>
        <translation>大区 / 城市</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Dealers</source>
        <translation>经销商数</translation>
    </message>
    <message>
        <location line="+5" />
        <source>Search code, name, legal entity, credit code, contact…</source>
        <translation>搜索编码、名称、法人主体、信用代码、联系人…</translation>
    </message>
    <message>
        <location line="+3" />
        <source>All statuses</source>
        <translation>全部状态</translation>
    </message>
    <message>
        <location line="+7" />
        <source>New dealer…</source>
        <translation>新建经销商…</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Edit…</source>
        <translation>编辑…</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Suspend</source>
        <translation>暂停</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Reactivate</source>
        <translation>恢复</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Import / export</source>
        <translation>导入 / 导出</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Import dealers…</source>
        <translation>导入经销商…</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Import stores…</source>
        <translation>导入门店…</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Export dealers…</source>
        <translation>导出经销商…</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Export stores…</source>
        <translation>导出门店…</translation>
    </message>
    <message>
        <location line="+1" />
        <source>New store…</source>
        <translation>新建门店…</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Edit store…</source>
        <translation>编辑门店…</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Close store</source>
        <translation>关闭门店</translation>
    </message>
    <message>
        <location filename="../panel.py" line="+80" />
        <source>Dealers and stores</source>
        <translation>经销商与门店</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Assignment rules</source>
        <translation>分配规则</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Settlement</source>
        <translation>结算</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Scorecard</source>
        <translation>绩效评分</translation>
    </message>
    <message>
        <location line="+1" />
        <source>History</source>
        <translation>变更历史</translation>
    </message>
    <message>
        <location filename="../rules_view.py" line="-599" />
        <location line="+574" />
        <location filename="../scorecard_view.py" line="-25" />
        <source>Priority</source>
        <translation>优先级</translation>
    </message>
    <message>
        <location line="-573" />
        <location line="+577" />
        <source>Own daily capacity</source>
        <translation>规则每日产能</translation>
    </message>
    <message>
        <location line="-576" />
        <location line="+579" />
        <source>Note</source>
        <translation>备注</translation>
    </message>
    <message>
        <location line="-574" />
        <source>Two dealers exclusive for the same area</source>
        <translation>两家经销商独家覆盖同一区域</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Another dealer's rule is tried before an exclusive one</source>
        <translation>其他经销商的规则先于独家规则生效</translation>
    </message>
    <message>
        <location line="+3" />
        <source>Two dealers, same area and priority</source>
        <translation>两家经销商区域和优先级相同</translation>
    </message>
    <message>
        <location line="+239" />
        <source>Postcode %1…</source>
        <translation>邮编 %1…</translation>
    </message>
    <message>
        <location line="+2" />
        <source>City %1</source>
        <translation>城市 %1</translation>
    </message>
    <message>
        <location line="+10" />
        <location line="+82" />
        <source>Error</source>
        <translation>错误</translation>
    </message>
    <message>
        <location line="-81" />
        <location line="+83" />
        <source>Warning</source>
        <translation>警告</translation>
    </message>
    <message>
        <location line="+3" />
        <source>%1: %2 (rule %3, %4)</source>
        <translation>%1：%2（规则 %3，%4）</translation>
    </message>
    <message>
        <location line="+12" />
        <source>No conflict with the other rules.</source>
        <translation>与其他规则没有冲突。</translation>
    </message>
    <message>
        <location line="+24" />
        <source>Rule %1 saved.</source>
        <translation>规则 %1 已保存。</translation>
    </message>
    <message>
        <location line="+19" />
        <source>Select the rule again to reload it.</source>
        <translation>请重新选择该规则以重新加载。</translation>
    </message>
    <message>
        <location line="+23" />
        <location line="+199" />
        <source>New rule</source>
        <translation>新建规则</translation>
    </message>
    <message>
        <location line="-196" />
        <source>Rule %1</source>
        <translation>规则 %1</translation>
    </message>
    <message>
        <location line="+24" />
        <source>%1 online orders in the %2 weeks to %3: %4 would go to another dealer; unassigned now %5, with the rules %6.</source>
        <translation>截至 %3 的 %2 周内共 %1 个线上订单：%4 个将转给其他经销商；未分配订单现为 %5 个，按规则为 %6 个。</translation>
    </message>
    <message>
        <location line="+34" />
        <location line="+114" />
        <source>Gained</source>
        <translation>增加</translation>
    </message>
    <message>
        <location line="-113" />
        <location line="+114" />
        <source>Lost</source>
        <translation>减少</translation>
    </message>
    <message>
        <location line="-95" />
        <source>No order matches</source>
        <translation>没有匹配的订单</translation>
    </message>
    <message>
        <location line="+29" />
        <source>Select an order and a dealer.</source>
        <translation>请选择订单和经销商。</translation>
    </message>
    <message>
        <location line="+19" />
        <source>Order %1 reassigned to %2.</source>
        <translation>订单 %1 已改派给 %2。</translation>
    </message>
    <message>
        <location line="+17" />
        <location line="+15" />
        <source>Rule</source>
        <translation>规则</translation>
    </message>
    <message>
        <location line="-12" />
        <source>Matches</source>
        <translation>匹配条件</translation>
    </message>
    <message>
        <location line="+4" />
        <location line="+7" />
        <source>Conflict</source>
        <translation>冲突</translation>
    </message>
    <message>
        <location line="-1" />
        <source>Severity</source>
        <translation>严重程度</translation>
    </message>
    <message>
        <location line="+5" />
        <source>Other rule</source>
        <translation>另一规则</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Other dealer</source>
        <translation>另一经销商</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Other area</source>
        <translation>另一区域</translation>
    </message>
    <message>
        <location line="+7" />
        <source>Now</source>
        <translation>当前</translation>
    </message>
    <message>
        <location line="+1" />
        <source>With the rules</source>
        <translation>按规则</translation>
    </message>
    <message>
        <location line="+3" />
        <source>Net</source>
        <translation>净变化</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Via fallback</source>
        <translation>经兜底分配</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Capacity overflow</source>
        <translation>产能溢出</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Days at capacity</source>
        <translation>满产天数</translation>
    </message>
    <message>
        <location line="+6" />
        <location filename="../scorecard_view.py" line="-15" />
        <source>Placed</source>
        <translation>下单时间</translation>
    </message>
    <message>
        <location line="+1" />
        <location filename="../scorecard_view.py" line="+1" />
        <source>Channel</source>
        <translation>渠道</translation>
    </message>
    <message>
        <location line="+5" />
        <location filename="../scorecard_view.py" line="+3" />
        <source>Assigned by</source>
        <translation>分配方式</translation>
    </message>
    <message>
        <location line="+1" />
        <location filename="../scorecard_view.py" line="+1" />
        <location filename="../settlement_view.py" line="+11" />
        <source>Amount</source>
        <translation>金额</translation>
    </message>
    <message>
        <location line="+5" />
        <source>Conflicts among the active rules</source>
        <translation>启用规则之间的冲突</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Save rule</source>
        <translation>保存规则</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Delete rule</source>
        <translation>删除规则</translation>
    </message>
    <message>
        <location line="+1" />
        <source>What-if replay</source>
        <translation>模拟回放</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Reassign an order</source>
        <translation>订单改派</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Replay the last</source>
        <translation>回放最近</translation>
    </message>
    <message>
        <location line="+1" />
        <source> weeks</source>
        <translation> 周</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Fallback within</source>
        <translation>兜底范围</translation>
    </message>
    <message>
        <location line="+2" />
        <source>any distance</source>
        <translation>不限距离</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Replay the rules</source>
        <translation>回放规则</translation>
    </message>
    <message>
        <location line="+1" />
        <source>with the rule being edited</source>
        <translation>含正在编辑的规则</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Orders gained and lost per dealer</source>
        <translation>各经销商增减订单</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Order number or postcode…</source>
        <translation>订单号或邮编…</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Unassigned only</source>
        <translation>仅未分配</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Give to</source>
        <translation>改派给</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Reason</source>
        <translation>原因</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Reassign</source>
        <translation>改派</translation>
    </message>
    <message>
        <location filename="../scorecard_view.py" line="-44" />
        <source>%1: network percentiles (100 = best)</source>
        <translation>%1：全网百分位（100 = 最好）</translation>
    </message>
    <message>
        <location line="+4" />
        <source>Percentile</source>
        <translation>百分位</translation>
    </message>
    <message>
        <location line="+47" />
        <source>Ticket</source>
        <translation>工单</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Opened</source>
        <translation>创建时间</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Category</source>
        <translation>类别</translation>
    </message>
    <message>
        <location line="+3" />
        <source>Resolved</source>
        <translation>解决时间</translation>
    </message>
    <message>
        <location line="+8" />
        <source>Sales</source>
        <translation>销售额</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Growth</source>
        <translation>增长</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Online orders fulfilled</source>
        <translation>履约线上订单</translation>
    </message>
    <message>
        <location line="+1" />
        <source>On time</source>
        <translation>准时率</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Damage rate</source>
        <translation>破损率</translation>
    </message>
    <message>
        <location line="+1" />
        <source>SLA compliance</source>
        <translation>SLA 达标率</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Member capture</source>
        <translation>会员识别率</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Customers captured</source>
        <translation>获客数</translation>
    </message>
    <message>
        <location line="+6" />
        <source>Rank</source>
        <translation>排名</translation>
    </message>
    <message>
        <location line="+3" />
        <location line="+11" />
        <source>Score</source>
        <translation>评分</translation>
    </message>
    <message>
        <location line="-7" />
        <source>%1 pct.</source>
        <translation>%1 百分位</translation>
    </message>
    <message>
        <location line="+5" />
        <source>From</source>
        <translation>从</translation>
    </message>
    <message>
        <location line="+1" />
        <source>to</source>
        <translation>至</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Show its orders</source>
        <translation>查看其订单</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Show its tickets</source>
        <translation>查看其工单</translation>
    </message>
    <message>
        <location line="+1" />
        <location filename="../settlement_view.py" line="-9" />
        <source>Orders</source>
        <translation>订单数</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Service tickets</source>
        <translation>服务工单</translation>
    </message>
    <message>
        <location filename="../settlement_view.py" line="-158" />
        <source>Preview</source>
        <translation>预览</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Draft</source>
        <translation>草稿</translation>
    </message>
    <message>
        <location line="+28" />
        <source>%1 %2 — %3, %4</source>
        <translation>%1 %2 — %3，%4</translation>
    </message>
    <message>
        <location line="+11" />
        <source>%1 orders</source>
        <translation>%1 个订单</translation>
    </message>
    <message>
        <location line="+20" />
        <source>Platform fee</source>
        <translation>平台费</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Return</source>
        <translation>退货</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Damage claim</source>
        <translation>破损索赔</translation>
    </message>
    <message>
        <location line="+1" />
        <location line="+134" />
        <source>Capture credit</source>
        <translation>获客奖励</translation>
    </message>
    <message>
        <location line="-133" />
        <source>Adjustment</source>
        <translation>调整</translation>
    </message>
    <message>
        <location line="+27" />
        <source>Exported to %1</source>
        <translation>已导出到 %1</translation>
    </message>
    <message>
        <location line="+17" />
        <source>Statement issued; it is locked now.</source>
        <translation>结算单已出具，现已锁定。</translation>
    </message>
    <message>
        <location line="+26" />
        <source>Adjustment added.</source>
        <translation>已添加调整。</translation>
    </message>
    <message>
        <location line="+24" />
        <location line="+23" />
        <source>Order amount</source>
        <translation>订单金额</translation>
    </message>
    <message>
        <location line="-22" />
        <location line="+42" />
        <source>Amount due</source>
        <translation>应付金额</translation>
    </message>
    <message>
        <location line="-37" />
        <source>Line</source>
        <translation>明细</translation>
    </message>
    <message>
        <location line="+3" />
        <source>Description</source>
        <translation>说明</translation>
    </message>
    <message>
        <location line="+4" />
        <source>Month</source>
        <translation>月份</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Orders count in the month they were delivered. Amount due = order amount − platform fees − HQ margin + adjustments + capture credit.</source>
        <translation>订单计入送达当月。应付金额 = 订单金额 − 平台费 − 总部毛利 + 调整 + 获客奖励。</translation>
    </message>
    <message>
        <location line="+9" />
        <source>Net amount of the online orders delivered</source>
        <translation>已送达线上订单的净额</translation>
    </message>
    <message>
        <location line="+3" />
        <source>Platform fees</source>
        <translation>平台费</translation>
    </message>
    <message>
        <location line="+1" />
        <source>The channel's fee rate on each order</source>
        <translation>按各渠道费率计算</translation>
    </message>
    <message>
        <location line="+4" />
        <source>The dealer's HQ margin rate on each order</source>
        <translation>按经销商的总部毛利率计算</translation>
    </message>
    <message>
        <location line="+3" />
        <source>Adjustments</source>
        <translation>调整</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Returns, damage claims and corrections</source>
        <translation>退货、破损索赔和更正</translation>
    </message>
    <message>
        <location line="+4" />
        <source>For customers it captured who bought elsewhere</source>
        <translation>其首次获取的客户在别处购买</translation>
    </message>
    <message>
        <location line="+4" />
        <source>What headquarters pays the dealer</source>
        <translation>总部应付给经销商的金额</translation>
    </message>
    <message>
        <location line="+5" />
        <source>Export XLSX…</source>
        <translation>导出 XLSX…</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Mark issued</source>
        <translation>标记为已出具</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Amount (+ owed to the dealer)</source>
        <translation>金额（正数 = 应付经销商）</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Why the correction</source>
        <translation>更正原因</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Add adjustment</source>
        <translation>添加调整</translation>
    </message>
    <message>
        <location line="+2" />
        <source>Select a dealer to see its statement</source>
        <translation>选择经销商以查看其结算单</translation>
    </message>
</context>
<context>
    <name>panels</name>
    <message>
        <location filename="../__init__.py" line="+14" />
        <source>Dealer network</source>
        <translation>经销商网络</translation>
    </message>
    <message>
        <location line="+1" />
        <source>Dealers and stores, online-order assignment, settlement and scorecards</source>
        <translation>经销商与门店、线上订单分配、结算和绩效评分</translation>
    </message>
</context>
</TS>