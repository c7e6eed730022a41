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

from volsnap_dashboard.content.groups import views as group_views
from volsnap_dashboard.content.protection import views

urlpatterns = [
    re_path(r'^$', views.IndexView.as_view(), name='index'),
    re_path(r'^(?P<volume_id>[^/]+)/protect/$', views.ProtectView.as_view(),
            name='protect'),
    re_path(r'^groups/(?P<group_id>[^/]+)/protect/$',
            group_views.ProtectGroupView.as_view(), name='protect_group'),
]
