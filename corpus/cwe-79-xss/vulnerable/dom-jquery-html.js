/* global $ */
$(function () {
  const q = new URL(document.URL).searchParams.get('q');
  $('#results-title').html('Results for <em>' + q + '</em>');
});
