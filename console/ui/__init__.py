"""Shell widgets shared by panels. Panels reach them only through console.api."""
