#    Licensed under the Apache License, Version 2.0 (the "License"); you may
#    not use this file except in compliance with the License. You may obtain
#    a copy of the License at
#
#         http://www.apache.org/licenses/LICENSE-2.0
#
#    Unless required by applicable law or agreed to in writing, software
#    distributed under the License is distributed on an "AS IS" BASIS, WITHOUT
#    WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied. See the
#    License for the specific language governing permissions and limitations
#    under the License.

from django.urls import re_path

from volsnap_dashboard.content.checkpoints import views
from volsnap_dashboard.content.groups import views as group_views

urlpatterns = [
    re_path(r'^$', views.IndexView.as_view(), name='index'),
    re_path(r'^groups/(?P<group_checkpoint_id>[^/]+)/$',
            group_views.GroupDetailView.as_view(), name='group_detail'),
    re_path(r'^groups/(?P<group_checkpoint_id>[^/]+)/restore/$',
            group_views.RestoreGroupView.as_view(), name='restore_group'),
    re_path(r'^(?P<checkpoint_id>[^/]+)/$', views.DetailView.as_view(),
            name='detail'),
    re_path(r'^(?P<checkpoint_id>[^/]+)/restore/$',
            views.RestoreView.as_view(), name='restore'),
    re_path(r'^(?P<checkpoint_id>[^/]+)/revert/$',
            views.RevertView.as_view(), name='revert'),
]
