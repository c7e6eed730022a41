PANEL = 'protection_policies'
PANEL_DASHBOARD = 'project'
PANEL_GROUP = 'volumes'

ADD_PANEL = ('volsnap_dashboard.content.policies.panel.'
             'ProtectionPolicies')
ADD_JS_FILES = ['volsnap_dashboard/policies.js']
