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
   the schedule as it stands. Which fields a schedule uses is shown by
   Horizon's switchable fields. */
(function ($) {
  'use strict';
  var SCHEDULE = ['schedule_kind', 'timezone', 'minute', 'hour', 'weekday',
                  'day', 'expression'];

  function refresh(form) {
    var list = form.closest('.modal, body').find('.volsnap-next-runs');
    if (!list.length) { return; }
    var query = {};
    $.each(SCHEDULE, function (i, name) {
      query[name] = form.find('[name=' + name + ']').val();
    });
    $.getJSON(list.data('preview-url'), query, function (answer) {
      list.empty();
      if (answer.error) {
        $('<li class="text-danger">').text(answer.error).appendTo(list);
        return;
      }
      $.each(answer.runs, function (i, run) {
        $('<li>').text(run).appendTo(list);
      });
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
