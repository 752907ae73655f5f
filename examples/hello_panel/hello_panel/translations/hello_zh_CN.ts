<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN" sourcelanguage="en">
<context>
    <name>hello</name>
    <message>
        <location filename="../panel.py" line="+22"/>
        <source>Reading users…</source>
        <translation>正在读取用户…</translation>
    </message>
    <message>
        <location line="+37"/>
        <source>No users yet</source>
        <translation>还没有用户</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Create users with the administration tools.</source>
        <translation>请使用管理工具创建用户。</translation>
    </message>
    <message>
        <location line="+17"/>
        <source>User</source>
        <translation>用户</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Role</source>
        <translation>角色</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Name</source>
        <translation>姓名</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Active</source>
        <translation>启用</translation>
    </message>
    <message>
        <location line="+5"/>
        <source>Everyone who can sign in to this console.</source>
        <translation>所有可以登录本控制台的用户。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Users</source>
        <translation>用户数</translation>
    </message>
    <message>
        <location line="+0"/>
        <source>Active and inactive user accounts.</source>
        <translation>启用和停用的用户账号。</translation>
    </message>
    <message>
        <location line="+2"/>
        <source>Roles in use</source>
        <translation>使用中的角色</translation>
    </message>
</context>
<context>
    <name>panels</name>
    <message>
        <location filename="../__init__.py" line="+12"/>
        <source>Hello</source>
        <translation>你好</translation>
    </message>
    <message>
        <location line="+1"/>
        <source>Example plugin: the console&apos;s users by role</source>
        <translation>示例插件：按角色列出控制台用户</translation>
    </message>
</context>
</TS>
