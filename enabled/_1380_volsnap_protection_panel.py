# Copy every _*volsnap*.py file of this folder into
# openstack_dashboard/local/enabled/ to enable volsnap-dashboard.
from volsnap_dashboard import exceptions

PANEL = 'protection'
PANEL_DASHBOARD = 'project'
PANEL_GROUP = 'volumes'

ADD_PANEL = 'volsnap_dashboard.content.protection.panel.Protection'
ADD_INSTALLED_APPS = ['volsnap_dashboard', 'volsnap_dashboard.events',
                      'volsnap_dashboard.policies']
ADD_EXCEPTIONS = {
    'recoverable': (exceptions.VolsnapError,),
}
AUTO_DISCOVER_STATIC_FILES = True
ADD_SCSS_FILES = ['volsnap_dashboard/volsnap.scss']
