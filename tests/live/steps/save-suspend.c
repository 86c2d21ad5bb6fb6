/*
 * save-suspend.c DOMID: make a guest that does not answer libxl's suspend
 * request ready for `xl save`, in check-live's dom0 only.
 *
 * libxl asks a PV or PVH guest to suspend by writing "suspend" to its
 * control/shutdown node in xenstore and waits for the guest to answer
 * (any other value) and shut down with SHUTDOWN_suspend
 * (tools/libs/light/libxl_dom_suspend.c: domain_suspend_callback_common,
 * domain_suspend_pvcontrol_acked).  xabi's own guests have no xenstore
 * driver, so this stands in for them: it shuts the domain down with
 * SHUTDOWN_suspend from dom0 (SCHEDOP_remote_shutdown through
 * xc_domain_shutdown; xen/include/public/sched.h), then, for up to 60
 * seconds, answers every "suspend" it finds in control/shutdown with "".
 * Run it in the background before `xl save`; it ends when the node is
 * gone or the time is up.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <xenctrl.h>
#include <xenstore.h>

int main(int argc, char **argv)
{
    xc_interface *xch;
    struct xs_handle *xs;
    char path[64];
    unsigned int domid, len, i, answered = 0;

    if ( argc != 2 )
    {
        fprintf(stderr, "usage: save-suspend DOMID\n");
        return 2;
    }
    domid = strtoul(argv[1], NULL, 0);
    xch = xc_interface_open(NULL, NULL, 0);
    xs = xs_open(0);
    if ( !xch || !xs )
    {
        fprintf(stderr, "save-suspend: cannot open libxenctrl or xenstore\n");
        return 1;
    }
    if ( xc_domain_shutdown(xch, domid, SHUTDOWN_suspend) )
    {
        perror("save-suspend: xc_domain_shutdown");
        return 1;
    }
    printf("d%u shut down with SHUTDOWN_suspend\n", domid);
    fflush(stdout);
    snprintf(path, sizeof(path), "/local/domain/%u/control/shutdown", domid);
    for ( i = 0; i < 600; i++ )
    {
        char *v = xs_read(xs, XBT_NULL, path, &len);

        if ( v && !strcmp(v, "suspend") )
        {
            xs_write(xs, XBT_NULL, path, "", 0);
            printf("answered libxl's suspend request\n");
            fflush(stdout);
            answered = 1;
        }
        free(v);
        if ( answered )
            break;
        usleep(100000);
    }
    xs_close(xs);
    xc_interface_close(xch);
    return answered ? 0 : 1;
}
