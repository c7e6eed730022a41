from django.urls import re_path

from volsnap_dashboard.content.policies import views

urlpatterns = [
    re_path(r'^$', views.IndexView.as_view(), name='index'),
    re_path(r'^create/$', views.CreateView.as_view(), name='create'),
    re_path(r'^preview/$', views.PreviewView.as_view(), name='preview'),
    re_path(r'^(?P<policy_id>[^/]+)/$', views.DetailView.as_view(),
            name='detail'),
    re_path(r'^(?P<policy_id>[^/]+)/edit/$', views.EditView.as_view(),
            name='edit'),
    re_path(r'^(?P<policy_id>[^/]+)/delete/$', views.DeleteView.as_view(),
            name='delete'),
]
