# Copy into openstack_dashboard/local/enabled/ to enable the panel.
PANEL = 'checkpoints'
PANEL_DASHBOARD = 'project'
PANEL_GROUP = 'volumes'

ADD_PANEL = 'volsnap_dashboard.content.checkpoints.panel.Checkpoints'
ADD_INSTALLED_APPS = ['volsnap_dashboard']
AUTO_DISCOVER_STATIC_FILES = True
ADD_SCSS_FILES = ['volsnap_dashboard/volsnap.scss']
