from django.urls import re_path

from volsnap_dashboard.content.protection import views

urlpatterns = [
    re_path(r'^$', views.IndexView.as_view(), name='index'),
    re_path(r'^(?P<volume_id>[^/]+)/protect/$', views.ProtectView.as_view(),
            name='protect'),
]
