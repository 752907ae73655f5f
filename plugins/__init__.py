"""Built-in panels of HQ Console, each a plugin registered under the hq_console.panels group."""
