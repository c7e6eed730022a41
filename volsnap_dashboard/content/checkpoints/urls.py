from django.urls import re_path

from volsnap_dashboard.content.checkpoints import views

urlpatterns = [
    re_path(r'^$', views.IndexView.as_view(), name='index'),
]
