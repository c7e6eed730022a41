#!/bin/bash
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

# DevStack plugin of volsnap-dashboard: installs the plugin into DevStack's
# Horizon with its enabled files and settings snippet, creates the event
# log's tables, makes Cinder send its notifications on volsnap's topic, and
# runs volsnap-scheduler, volsnap-listener and volsnap-watchdog as DevStack
# services.

VOLSNAP_XTRACE=$(set +o | grep xtrace)
set -o xtrace

VOLSNAP_SETTINGS_FILE=$HORIZON_DIR/openstack_dashboard/local/local_settings.d/_91_volsnap_services.py

function volsnap_manage {
    DJANGO_SETTINGS_MODULE=openstack_dashboard.settings \
        $PYTHON $HORIZON_DIR/manage.py "$@"
}

function install_volsnap_dashboard {
    setup_develop $VOLSNAP_DASHBOARD_DIR
}

function configure_volsnap_cinder {
    iniset $CINDER_CONF oslo_messaging_notifications driver messagingv2
    iniset $CINDER_CONF oslo_messaging_notifications topics \
        "notifications,$VOLSNAP_NOTIFICATION_TOPIC"
    iniset $CINDER_CONF oslo_messaging_rabbit amqp_durable_queues True
}

function configure_volsnap_dashboard {
    local enabled=$HORIZON_DIR/openstack_dashboard/local/enabled
    local snippets=$HORIZON_DIR/openstack_dashboard/local/local_settings.d
    cp $VOLSNAP_DASHBOARD_DIR/volsnap_dashboard/enabled/_*volsnap*.py \
        $enabled/
    cp $VOLSNAP_DASHBOARD_DIR/volsnap_dashboard/enabled/local_settings.d/_*volsnap*.py \
        $snippets/
    mkdir -p $VOLSNAP_DATA_DIR

    local service_user_id watchdog_user_id engine
    service_user_id=$(get_or_create_user $VOLSNAP_SERVICE_USER \
        "$VOLSNAP_SERVICE_PASSWORD" default)
    # The watchdog reads every project's volumes, snapshots and backups.
    watchdog_user_id=$(get_or_create_user $VOLSNAP_WATCHDOG_USER \
        "$VOLSNAP_SERVICE_PASSWORD" default)
    get_or_add_user_project_role admin $watchdog_user_id \
        $SERVICE_PROJECT_NAME
    recreate_database $VOLSNAP_DATABASE_NAME
    if [[ "$DATABASE_TYPE" == "mysql" ]]; then
        engine=mysql
        pip_install PyMySQL
    else
        engine=postgresql
        pip_install psycopg2-binary
    fi

    # The services' settings from the template the local stack fills in
    # too; then DevStack's database server for the event log.
    service_user_id="$service_user_id" \
    trust_roles="$VOLSNAP_TRUST_ROLES" \
    keystone_url="$KEYSTONE_SERVICE_URI/v3" \
    service_user="$VOLSNAP_SERVICE_USER" \
    service_password="$VOLSNAP_SERVICE_PASSWORD" \
    watchdog_user="$VOLSNAP_WATCHDOG_USER" \
    watchdog_password="$VOLSNAP_SERVICE_PASSWORD" \
    watchdog_project="$SERVICE_PROJECT_NAME" \
    transport_url="$(get_transport_url)" \
    notification_topic="$VOLSNAP_NOTIFICATION_TOPIC" \
    $PYTHON -c 'import os, string, sys
print(string.Template(open(sys.argv[1]).read()).substitute(os.environ))' \
        $VOLSNAP_DASHBOARD_DIR/enabled/local_settings.d/_91_volsnap_services.py.template \
        > $VOLSNAP_SETTINGS_FILE
    cat >> $VOLSNAP_SETTINGS_FILE <<SETTINGS
if '$engine' == 'mysql':
    import pymysql
    pymysql.install_as_MySQLdb()
VOLSNAP_EVENTS_DATABASE = {
    'ENGINE': 'django.db.backends.$engine',
    'NAME': '$VOLSNAP_DATABASE_NAME', 'HOST': '$DATABASE_HOST',
    'USER': '$DATABASE_USER', 'PASSWORD': '$DATABASE_PASSWORD',
}
DATABASES['volsnap_events'] = VOLSNAP_EVENTS_DATABASE
SETTINGS
}

function init_volsnap_dashboard {
    volsnap_manage migrate --database volsnap_events volsnap_events
    volsnap_manage migrate --database volsnap_events volsnap_policies
    volsnap_manage migrate --database volsnap_events volsnap_alerts
    volsnap_manage collectstatic --noinput
    volsnap_manage compress --force
    restart_apache_server
}

function start_volsnap_services {
    local env="DJANGO_SETTINGS_MODULE=openstack_dashboard.settings"
    env="$env PYTHONPATH=$HORIZON_DIR"
    run_process volsnap-scheduler \
        "/usr/bin/env $env $(which volsnap-scheduler)"
    run_process volsnap-listener \
        "/usr/bin/env $env $(which volsnap-listener)"
    run_process volsnap-watchdog \
        "/usr/bin/env $env $(which volsnap-watchdog)"
}

function stop_volsnap_services {
    stop_process volsnap-scheduler
    stop_process volsnap-listener
    stop_process volsnap-watchdog
}

function cleanup_volsnap_dashboard {
    rm -f $HORIZON_DIR/openstack_dashboard/local/enabled/_*volsnap*.py
    rm -f $HORIZON_DIR/openstack_dashboard/local/local_settings.d/_*volsnap*.py
}

if is_service_enabled volsnap-dashboard; then
    if [[ "$1" == "stack" && "$2" == "install" ]]; then
        echo_summary "Installing volsnap-dashboard"
        install_volsnap_dashboard
    elif [[ "$1" == "stack" && "$2" == "post-config" ]]; then
        echo_summary "Configuring volsnap-dashboard"
        configure_volsnap_cinder
        configure_volsnap_dashboard
    elif [[ "$1" == "stack" && "$2" == "extra" ]]; then
        echo_summary "Initializing volsnap-dashboard"
        init_volsnap_dashboard
        start_volsnap_services
    fi
    if [[ "$1" == "unstack" ]]; then
        stop_volsnap_services
    fi
    if [[ "$1" == "clean" ]]; then
        cleanup_volsnap_dashboard
    fi
fi

$VOLSNAP_XTRACE
