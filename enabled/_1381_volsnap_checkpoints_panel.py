PANEL = 'checkpoints'
PANEL_DASHBOARD = 'project'
PANEL_GROUP = 'volumes'

ADD_PANEL = 'volsnap_dashboard.content.checkpoints.panel.Checkpoints'
