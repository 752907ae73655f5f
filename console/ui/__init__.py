"""Shell widgets shared by panels. Panels reach them only through console.api."""

from console.ui import qt_fixes

qt_fixes.install()
