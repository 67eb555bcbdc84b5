#ifndef HUBAUDIT_CCURL_H
#define HUBAUDIT_CCURL_H

/*
 * libcurl, loaded at first use.
 *
 * hubaudit links no networking library: commands that never reach the network (query, export,
 * info, ...) should not pay for loading libcurl and the ~30 libraries it needs (TLS, Kerberos,
 * LDAP, ...) at every start. The functions are resolved with dlsym by hubaudit_curl_load() and
 * called through the wrappers below, which also turn curl's variadic curl_easy_setopt /
 * curl_easy_getinfo into typed, non-variadic calls that Swift can make safely.
 *
 * Nor does building hubaudit need libcurl's header (libcurl4-openssl-dev): the few types,
 * constants and signatures used are declared here, under curl's own names, with the values of
 * curl's stable ABI as found in curl 7.88.1's <curl/curl.h> (curlver.h: LIBCURL_VERSION
 * "7.88.1"). curl never renumbers an option, info item or error code, and only adds fields at
 * the end of a struct, so these hold for every libcurl from 7.58.0 (the oldest accepted, see
 * HUBAUDIT_CURL_MIN_VERSION) on.
 *
 * Every wrapper except hubaudit_curl_load() may be called only after hubaudit_curl_load()
 * returned 0.
 */

#include <stddef.h>
#include <stdint.h>

/* An easy handle; opaque (curl.h: typedef void CURL). */
typedef void CURL;

/* A 64-bit offset or size (curl's system.h: `long` on LP64 systems, 64 bits everywhere). */
typedef int64_t curl_off_t;

/* A linked list of strings, as CURLOPT_HTTPHEADER takes (curl.h: struct curl_slist). */
struct curl_slist {
    char *data;
    struct curl_slist *next;
};

/* Bases of the option numbers by argument type (curl.h: CURLOPTTYPE_*). */
#define HUBAUDIT_CURLOPTTYPE_LONG 0
#define HUBAUDIT_CURLOPTTYPE_OBJECTPOINT 10000
#define HUBAUDIT_CURLOPTTYPE_FUNCTIONPOINT 20000
#define HUBAUDIT_CURLOPTTYPE_OFF_T 30000

/* The options hubaudit sets (curl.h: CURLoption). */
typedef enum {
    CURLOPT_WRITEDATA = HUBAUDIT_CURLOPTTYPE_OBJECTPOINT + 1,
    CURLOPT_URL = HUBAUDIT_CURLOPTTYPE_OBJECTPOINT + 2,
    CURLOPT_WRITEFUNCTION = HUBAUDIT_CURLOPTTYPE_FUNCTIONPOINT + 11,
    CURLOPT_LOW_SPEED_LIMIT = HUBAUDIT_CURLOPTTYPE_LONG + 19,
    CURLOPT_LOW_SPEED_TIME = HUBAUDIT_CURLOPTTYPE_LONG + 20,
    CURLOPT_HTTPHEADER = HUBAUDIT_CURLOPTTYPE_OBJECTPOINT + 23,
    CURLOPT_HEADERDATA = HUBAUDIT_CURLOPTTYPE_OBJECTPOINT + 29,
    CURLOPT_CUSTOMREQUEST = HUBAUDIT_CURLOPTTYPE_OBJECTPOINT + 36,
    CURLOPT_NOPROGRESS = HUBAUDIT_CURLOPTTYPE_LONG + 43,
    CURLOPT_NOBODY = HUBAUDIT_CURLOPTTYPE_LONG + 44,
    CURLOPT_FOLLOWLOCATION = HUBAUDIT_CURLOPTTYPE_LONG + 52,
    CURLOPT_XFERINFODATA = HUBAUDIT_CURLOPTTYPE_OBJECTPOINT + 57,
    CURLOPT_SSL_VERIFYPEER = HUBAUDIT_CURLOPTTYPE_LONG + 64,
    CURLOPT_MAXREDIRS = HUBAUDIT_CURLOPTTYPE_LONG + 68,
    CURLOPT_HEADERFUNCTION = HUBAUDIT_CURLOPTTYPE_FUNCTIONPOINT + 79,
    CURLOPT_HTTPGET = HUBAUDIT_CURLOPTTYPE_LONG + 80,
    CURLOPT_SSL_VERIFYHOST = HUBAUDIT_CURLOPTTYPE_LONG + 81,
    CURLOPT_NOSIGNAL = HUBAUDIT_CURLOPTTYPE_LONG + 99,
    CURLOPT_UNRESTRICTED_AUTH = HUBAUDIT_CURLOPTTYPE_LONG + 105,
    CURLOPT_POSTFIELDSIZE_LARGE = HUBAUDIT_CURLOPTTYPE_OFF_T + 120,
    CURLOPT_TIMEOUT_MS = HUBAUDIT_CURLOPTTYPE_LONG + 155,
    CURLOPT_CONNECTTIMEOUT_MS = HUBAUDIT_CURLOPTTYPE_LONG + 156,
    CURLOPT_COPYPOSTFIELDS = HUBAUDIT_CURLOPTTYPE_OBJECTPOINT + 165,
    /* Bit masks of CURLPROTO_*; deprecated since 7.85.0 for the *_STR options below. */
    CURLOPT_PROTOCOLS = HUBAUDIT_CURLOPTTYPE_LONG + 181,
    CURLOPT_REDIR_PROTOCOLS = HUBAUDIT_CURLOPTTYPE_LONG + 182,
    CURLOPT_XFERINFOFUNCTION = HUBAUDIT_CURLOPTTYPE_FUNCTIONPOINT + 219,
    /* Since 7.85.0. */
    CURLOPT_PROTOCOLS_STR = HUBAUDIT_CURLOPTTYPE_OBJECTPOINT + 318,
    CURLOPT_REDIR_PROTOCOLS_STR = HUBAUDIT_CURLOPTTYPE_OBJECTPOINT + 319,
} CURLoption;

/* The result codes hubaudit tells apart (curl.h: CURLcode); libcurl may return any other. */
typedef enum {
    CURLE_OK = 0,
    CURLE_FAILED_INIT = 2,
    CURLE_COULDNT_RESOLVE_PROXY = 5,
    CURLE_COULDNT_RESOLVE_HOST = 6,
    CURLE_COULDNT_CONNECT = 7,
    CURLE_PARTIAL_FILE = 18,
    CURLE_OUT_OF_MEMORY = 27,
    CURLE_OPERATION_TIMEDOUT = 28,
    CURLE_SSL_CONNECT_ERROR = 35,
    CURLE_ABORTED_BY_CALLBACK = 42,
    CURLE_UNKNOWN_OPTION = 48,
    CURLE_GOT_NOTHING = 52,
    CURLE_SSL_ENGINE_NOTFOUND = 53,
    CURLE_SSL_ENGINE_SETFAILED = 54,
    CURLE_SEND_ERROR = 55,
    CURLE_RECV_ERROR = 56,
    CURLE_SSL_CERTPROBLEM = 58,
    CURLE_SSL_CIPHER = 59,
    CURLE_PEER_FAILED_VERIFICATION = 60,
    CURLE_USE_SSL_FAILED = 64,
    CURLE_SSL_ENGINE_INITFAILED = 66,
    CURLE_SSL_CACERT_BADFILE = 77,
    CURLE_SSL_SHUTDOWN_FAILED = 80,
    CURLE_SSL_CRL_BADFILE = 82,
    CURLE_SSL_ISSUER_ERROR = 83,
    CURLE_SSL_PINNEDPUBKEYNOTMATCH = 90,
    CURLE_SSL_INVALIDCERTSTATUS = 91,
    CURLE_SSL_CLIENTCERT = 98,
} CURLcode;

/* The information items hubaudit reads (curl.h: CURLINFO; CURLINFO_LONG is 0x200000). */
typedef enum {
    CURLINFO_RESPONSE_CODE = 0x200000 + 2,
} CURLINFO;

/* The protocol bits of CURLOPT_PROTOCOLS and CURLOPT_REDIR_PROTOCOLS (curl.h: CURLPROTO_*). */
#define CURLPROTO_HTTP (1 << 0)
#define CURLPROTO_HTTPS (1 << 1)

/* curl_global_init's flags: CURL_GLOBAL_ALL, that is CURL_GLOBAL_SSL | CURL_GLOBAL_WIN32. */
#define CURL_GLOBAL_DEFAULT 3

/* The age of curl_version_info_data asked for (curl.h: CURLversion). The first age suffices:
   only its leading fields are read. */
typedef enum {
    CURLVERSION_FIRST = 0,
} CURLversion;

/* The leading fields of curl's struct curl_version_info_data, present at every age. libcurl
   owns the struct and it is longer: read it only through a pointer, never copy or allocate one. */
typedef struct {
    CURLversion age;
    const char *version;
    unsigned int version_num;
} curl_version_info_data;

/* CURLOPT_WRITEFUNCTION and CURLOPT_HEADERFUNCTION callbacks: consume size * nitems bytes and
   return how many were taken (curl.h: curl_write_callback). */
typedef size_t (*curl_write_callback)(char *buffer, size_t size, size_t nitems, void *outstream);

/* CURLOPT_XFERINFOFUNCTION callback: progress; a non-zero return aborts the transfer (curl.h:
   curl_xferinfo_callback). */
typedef int (*curl_xferinfo_callback)(void *clientp, curl_off_t dltotal, curl_off_t dlnow, curl_off_t ultotal,
                                      curl_off_t ulnow);

/* The oldest libcurl accepted: 7.58.0 stopped sending custom Authorization headers to another
   host on a redirect. */
#define HUBAUDIT_CURL_MIN_VERSION 0x073A00

/* Loads libcurl once (libcurl.so.4, else libcurl-gnutls.so.4), resolves the functions hubaudit
   uses and calls curl_global_init. Returns 0 on success; otherwise -1, with the reason in
   `error` (NUL-terminated, at most errorLength bytes). Thread-safe; later calls return the first
   call's outcome. */
int hubaudit_curl_load(char *error, size_t errorLength);

/* curl_easy_init, or NULL. */
CURL *hubaudit_curl_easy_init(void);
/* curl_easy_cleanup. */
void hubaudit_curl_easy_cleanup(CURL *handle);
/* curl_easy_reset: options back to their defaults, the connection cache kept. */
void hubaudit_curl_easy_reset(CURL *handle);
/* curl_easy_perform: the whole transfer, blocking. */
CURLcode hubaudit_curl_easy_perform(CURL *handle);
/* curl_easy_strerror: a static description of a code. */
const char *hubaudit_curl_easy_strerror(CURLcode code);

/* curl_easy_setopt for an option taking a long. */
CURLcode hubaudit_curl_setopt_long(CURL *handle, CURLoption option, long value);
/* curl_easy_setopt for an option taking a curl_off_t. */
CURLcode hubaudit_curl_setopt_off(CURL *handle, CURLoption option, curl_off_t value);
/* curl_easy_setopt for an option taking a pointer (a string, a curl_slist, callback data). */
CURLcode hubaudit_curl_setopt_ptr(CURL *handle, CURLoption option, const void *value);
/* curl_easy_setopt for CURLOPT_WRITEFUNCTION or CURLOPT_HEADERFUNCTION. */
CURLcode hubaudit_curl_setopt_write_callback(CURL *handle, CURLoption option, curl_write_callback callback);
/* curl_easy_setopt for CURLOPT_XFERINFOFUNCTION. */
CURLcode hubaudit_curl_setopt_xferinfo_callback(CURL *handle, curl_xferinfo_callback callback);
/* Allows only http and https for the request, and for redirects only https (plus http when
   allowPlainHTTPRedirects is non-zero). Uses the *_PROTOCOLS_STR options of libcurl 7.85 and
   later, the older bit masks before. */
CURLcode hubaudit_curl_restrict_protocols(CURL *handle, int allowPlainHTTPRedirects);

/* curl_easy_getinfo for an item answered with a long. */
CURLcode hubaudit_curl_getinfo_long(CURL *handle, CURLINFO info, long *value);

/* curl_slist_append (copies the string), or NULL when out of memory. */
struct curl_slist *hubaudit_curl_slist_append(struct curl_slist *list, const char *string);
/* curl_slist_free_all. */
void hubaudit_curl_slist_free_all(struct curl_slist *list);

#endif
