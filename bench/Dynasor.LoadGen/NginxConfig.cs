namespace Dynasor.LoadGen;

/// <summary>
/// The reference proxy's nginx configuration: the standard setup for relaying token streams (HTTP/1.1 with a pool of
/// kept-alive connections to the engine, no response buffering), with every file nginx writes inside one directory
/// so it runs as any user.
/// </summary>
internal static class NginxConfig
{
    /// <param name="dir">Absolute path of the directory for the pid file, logs and temp files.</param>
    /// <param name="port">Loopback port to listen on.</param>
    /// <param name="upstream">The engine's <c>host:port</c>.</param>
    public static string Text(string dir, int port, string upstream) => $$"""
        # Written by Dynasor.LoadGen for one run; deleted when the run ends.
        daemon off;
        master_process on;
        worker_processes 1;
        pid {{dir}}/nginx.pid;
        error_log {{dir}}/error.log warn;
        # Each stream holds two connections (client and engine) plus the idle keep-alive pool.
        worker_rlimit_nofile 16384;
        events {
            worker_connections 8192;
        }
        http {
            access_log off;
            client_body_temp_path {{dir}}/client_body;
            proxy_temp_path {{dir}}/proxy;
            fastcgi_temp_path {{dir}}/fastcgi;
            uwsgi_temp_path {{dir}}/uwsgi;
            scgi_temp_path {{dir}}/scgi;
            upstream engine {
                server {{upstream}};
                # Reuse connections to the engine, as Dynasor's pooled HttpClient does; without it every request
                # would pay a TCP handshake that Dynasor does not.
                keepalive 512;
            }
            server {
                listen 127.0.0.1:{{port}};
                location / {
                    proxy_pass http://engine;
                    proxy_http_version 1.1;
                    proxy_set_header Connection "";
                    # Forward each server-sent event as it arrives instead of filling a buffer first.
                    proxy_buffering off;
                }
            }
        }

        """;
}
