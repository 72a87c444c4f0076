"""Empty root URLconf; each Django example test points Django at its own URLconf."""

urlpatterns: list[object] = []
