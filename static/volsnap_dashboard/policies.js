/*
 * Licensed under the Apache License, Version 2.0 (the "License"); you may
 * not use this file except in compliance with the License. You may obtain
 * a copy of the License at
 *
 *      http://www.apache.org/licenses/LICENSE-2.0
 *
 * Unless required by applicable law or agreed to in writing, software
 * distributed under the License is distributed on an "AS IS" BASIS, WITHOUT
 * WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied. See the
 * License for the specific language governing permissions and limitations
 * under the License.
 */

/* Protection policy forms: the next five runs the server computes for
   the schedule as it stands, and how many of the project's volumes the
   target covers now (counted here, from the volumes' metadata the page
   carries, with no request). Which fields a schedule or a target uses
   is shown by Horizon's switchable fields. */
(function ($) {
  'use strict';
  var SCHEDULE = ['schedule_kind', 'timezone', 'minute', 'hour', 'weekday',
                  'day', 'expression', 'spread_minutes', 'backup_every',
                  'backup_full_every', 'backup_keep_last', 'backup_keep_days',
                  'backup_keep_daily', 'backup_keep_weekly',
                  'backup_keep_monthly'];

  function matching(form) {
    var source = form.closest('.modal, body').find('#volsnap-volume-metadata');
    if (!source.length) { return []; }
    var kind = form.find('[name=target]').val();
    var key = $.trim(form.find('[name=target_key]').val() || '');
    var value = $.trim(form.find('[name=target_value]').val() || '');
    var listed = form.find('[name=volume_ids]:checked').map(function () {
      return this.value;
    }).get();
    return $.grep(JSON.parse(source.text()), function (volume) {
      var meta = volume.metadata || {};
      if (kind === 'listed') { return $.inArray(volume.id, listed) >= 0; }
      return kind === 'project' || (key && meta.hasOwnProperty(key) &&
        (!value || meta[key] === value));
    });
  }

  function need(form, backups) {
    var out = form.closest('.modal, body').find('.volsnap-backup-need');
    if (!out.length) { return; }
    if (!backups) { out.text(out.data('off')); return; }
    var gigabytes = 0;
    $.each(matching(form), function (i, volume) {
      gigabytes += (volume.size || 0) * backups.count;
    });
    out.text((backups.at_least ? out.data('more') : out.data('need'))
      .replace('%(count)s', backups.count)
      .replace('%(gigabytes)s', gigabytes) + ' ' + out.data('left'));
  }

  function covered(form) {
    var out = form.closest('.modal, body').find('.volsnap-covered');
    if (!out.length) { return; }
    if (form.find('[name=target]').val() === 'listed') {
      out.text(out.data('listed'));
      return;
    }
    var names = $.map(matching(form), function (volume) {
      return volume.name;
    });
    if (!names.length) { out.text(out.data('none')); return; }
    var heading = names.length === 1 ? out.data('one') :
      out.data('some').replace('%(count)s', names.length);
    out.text(heading + ' ' +
             names.slice(0, 20).join(', ') +
             (names.length > 20 ? ', …' : ''));
  }

  function refresh(form) {
    covered(form);
    var list = form.closest('.modal, body').find('.volsnap-next-runs');
    if (!list.length) { return; }
    var query = {policy: list.data('policy')};
    $.each(SCHEDULE, function (i, name) {
      query[name] = form.find('[name=' + name + ']').val();
    });
    // Answers may come out of order: only the last question's counts.
    var asked = (list.data('asked') || 0) + 1;
    list.data('asked', asked);
    $.getJSON(list.data('preview-url'), query, function (answer) {
      if (list.data('asked') !== asked) { return; }
      list.empty();
      if (answer.error) {
        $('<li class="text-danger">').text(answer.error).appendTo(list);
        return;
      }
      $.each(answer.runs, function (i, run) {
        $('<li>').text(run).appendTo(list);
      });
      need(form, answer.backups);
    });
  }

  $(document).on('change keyup', 'form.volsnap-policy-form :input',
    function () { refresh($(this).closest('form')); });
  $(document).on('shown.bs.modal', function () {
    $('form.volsnap-policy-form').each(function () { refresh($(this)); });
  });
  $(function () {
    $('form.volsnap-policy-form').each(function () { refresh($(this)); });
  });
})(jQuery);
