from django.urls import path

from . import cqc_views, views

app_name = "learning"
urlpatterns = [
    path("learning/", views.dashboard, name="dashboard"),
    path("learning/export.csv", views.export_csv, name="export-csv"),
    path("learning/export.xlsx", views.export_xlsx, name="export-xlsx"),
    path("my-council/", views.my_council, name="my-council"),
    path("my-council/cqc/", cqc_views.my_council_cqc, name="my-council-cqc"),
    path("councils/<slug:slug>/cqc/", cqc_views.cqc_evidence, name="cqc-evidence"),
    path("councils/<slug:slug>/cqc/pack.pdf", cqc_views.cqc_pack_pdf, name="cqc-pack-pdf"),
    path("councils/<slug:slug>/cqc/pack.docx", cqc_views.cqc_pack_docx, name="cqc-pack-docx"),
    path("learning/actions/", views.action_register, name="action-register"),
    path("learning/summary/<int:year>.pdf", views.summary_pdf, name="summary-pdf"),
    path("learning/summary/<int:year>.docx", views.summary_docx, name="summary-docx"),
    path("learning/actions/<int:pk>/follow-up/", views.action_follow_up, name="action-follow-up"),
]
