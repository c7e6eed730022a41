PANEL = 'snapshot_history'
PANEL_DASHBOARD = 'admin'
PANEL_GROUP = 'volume'

ADD_PANEL = ('volsnap_dashboard.content.snapshot_history.panel.'
             'SnapshotHistory')
