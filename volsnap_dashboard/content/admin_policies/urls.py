from django.urls import re_path

from volsnap_dashboard.content.admin_policies import views

urlpatterns = [
    re_path(r'^$', views.IndexView.as_view(), name='index'),
]
