from django.urls import path

from . import views

app_name = "accounts"

urlpatterns = [
    path("", views.account, name="account"),
    path("ingresar/", views.SignInView.as_view(), name="login"),
    path("salir/", views.SignOutView.as_view(), name="logout"),
    path("registro/", views.signup, name="signup"),
    path("verificar/<str:token>/", views.verify, name="verify"),
    path("invitacion/<str:token>/", views.invitation, name="invitation"),
    path("perfil/", views.profile, name="profile"),
    path("correo/", views.email_change, name="email-change"),
    path("correo/<str:token>/", views.email_confirm, name="email-confirm"),
    path("eliminar/", views.delete, name="delete"),
    path("clave/", views.ChangeView.as_view(), name="password-change"),
    path("clave/restablecer/", views.ResetView.as_view(), name="password-reset"),
    path("clave/restablecer/enviado/", views.ResetDoneView.as_view(), name="password-reset-done"),
    path(
        "clave/restablecer/<uidb64>/<token>/",
        views.ResetConfirmView.as_view(),
        name="password-reset-confirm",
    ),
    path(
        "clave/restablecer/listo/",
        views.ResetCompleteView.as_view(),
        name="password-reset-complete",
    ),
]
