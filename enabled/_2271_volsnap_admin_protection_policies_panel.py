PANEL = 'protection_policies'
PANEL_DASHBOARD = 'admin'
PANEL_GROUP = 'volume'

ADD_PANEL = ('volsnap_dashboard.content.admin_policies.panel.'
             'AdminProtectionPolicies')
