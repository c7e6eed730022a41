from django.urls import re_path

from volsnap_dashboard.content.checkpoints import views

urlpatterns = [
    re_path(r'^$', views.IndexView.as_view(), name='index'),
    re_path(r'^(?P<checkpoint_id>[^/]+)/$', views.DetailView.as_view(),
            name='detail'),
    re_path(r'^(?P<checkpoint_id>[^/]+)/restore/$',
            views.RestoreView.as_view(), name='restore'),
]
